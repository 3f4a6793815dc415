package dev.memlens.app.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.app.MemLensApp;
import dev.memlens.app.live.ProcessesViewModel;
import dev.memlens.app.main.MainView;
import dev.memlens.app.main.MainViewModel;
import dev.memlens.app.task.SameThreadTaskExecutor;
import dev.memlens.core.report.ProcessMemory;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.json.ReportReader;
import dev.memlens.core.report.json.ReportWriter;
import dev.memlens.core.report.library.RunLibrary;
import dev.memlens.core.settings.RecentFiles;
import dev.memlens.core.units.MemoryUnit;
import dev.memlens.testutil.Resources;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Headless (Monocle): a saved report's GPU processes in the Results Processes tab, in the display unit. */
@ExtendWith(ApplicationExtension.class)
class ProcessesTabFxTest {
    private static final long MIB = 1024L * 1024;
    @TempDir
    static Path dir;
    private MainViewModel vm;
    private Scene scene;

    @Start
    void start(Stage stage) throws Exception {
        // a recorded v3 run, saved by MemLens with the processes its sampler saw
        ProfileReport recorded = ReportReader.read(Resources.path("report/v3-timeline.json"));
        Path saved = dir.resolve("with-processes.json");
        ReportWriter.write(recorded.toBuilder().sourceShape(ProfileReport.SHAPE_MEMLENS).processes(List.of(
                new ProcessMemory(77, "helper", 0, "GPU-0000", null, 900 * MIB),
                new ProcessMemory(4242, "python3", 0, "GPU-0000", 64_000 * MIB, 65_000 * MIB),
                new ProcessMemory(4242, "python3", 1, "GPU-1111", 64_200 * MIB, 64_200 * MIB))).build(), null, saved);
        vm = new MainViewModel(new SameThreadTaskExecutor(), new RecentFiles(dir.resolve("recent.txt")),
                new RunLibrary(dir.resolve("runs")));
        scene = MemLensApp.createScene(vm);
        stage.setScene(scene);
        stage.show();
        vm.open(saved);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theProcessesTabListsTheSavedProcessesLargestFirstAndFollowsTheUnit(FxRobot robot) {
        ResultsView results = ((MainView) scene.getRoot()).resultsView();
        Tab tab = results.lowerTabs().getTabs().stream().filter(t -> "processesTab".equals(t.getId())).findFirst()
                .orElseThrow();
        assertEquals("Processes", tab.getText());
        robot.interact(() -> results.lowerTabs().getSelectionModel().select(tab));
        WaitForAsyncUtils.waitForFxEvents();
        TableView<ProcessesViewModel.Row> table = robot.lookup("#savedProcessesTable").queryAs(TableView.class);
        assertTrue(table.isVisible());
        assertEquals(List.of("PID", "Process", "GPU", "At run peak", "Peak"),
                table.getColumns().stream().map(c -> c.getText()).toList());
        assertEquals(List.of(
                new ProcessesViewModel.Row(4242, "python3", "GPU 0", "62.50 GiB", "63.48 GiB", false),
                new ProcessesViewModel.Row(4242, "python3", "GPU 1", "62.70 GiB", "62.70 GiB", false),
                new ProcessesViewModel.Row(77, "helper", "GPU 0", "—", "0.88 GiB", false)), table.getItems());
        robot.interact(() -> vm.unitProperty().set(MemoryUnit.GB));
        assertEquals("67.11 GB", table.getItems().get(0).used());
        assertEquals("68.16 GB", table.getItems().get(0).peak());
    }
}
