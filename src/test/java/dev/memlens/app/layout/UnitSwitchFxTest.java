package dev.memlens.app.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.app.MemLensApp;
import dev.memlens.app.live.LiveRunView;
import dev.memlens.app.main.MainView;
import dev.memlens.app.main.MainViewModel;
import dev.memlens.app.task.SameThreadTaskExecutor;
import dev.memlens.app.workbench.WorkbenchServices;
import dev.memlens.app.workbench.WorkbenchViewModel;
import dev.memlens.app.workbench.WorkbenchWiring;
import dev.memlens.core.report.RunStatus;
import dev.memlens.core.report.library.RunLibrary;
import dev.memlens.core.report.library.RunSummaryEntry;
import dev.memlens.core.report.library.SavedRuns;
import dev.memlens.core.settings.RecentFiles;
import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Headless (Monocle): the one GB/GiB switch changes History, its overlay chart, the results and the live chart. */
@ExtendWith(ApplicationExtension.class)
class UnitSwitchFxTest {
    @TempDir
    static Path dir;
    private MainViewModel main;
    private Scene scene;

    @Start
    void start(Stage stage) throws Exception {
        RunLibrary runs = new RunLibrary(dir.resolve("runs"));
        Instant t = Instant.parse("2025-03-10T09:15:00Z");
        runs.save(SavedRuns.run("Llama-2-7B", "hf", t, RunStatus.COMPLETED, null));
        runs.save(SavedRuns.withLargerKv(SavedRuns.run("Llama-2-7B", "hf", t.plusSeconds(60), RunStatus.COMPLETED, null),
                2.0, 1.2));
        main = new MainViewModel(new SameThreadTaskExecutor(), new RecentFiles(dir.resolve("recent.txt")), runs);
        Map<String, String> env = Map.of("PATH", dir.toString(), "HOME", dir.resolve("home").toString());
        WorkbenchViewModel wb = WorkbenchWiring.create(new WorkbenchServices(env, dir.resolve("runs"),
                dir.resolve("config"), null), new SameThreadTaskExecutor(), Runnable::run, main);
        scene = MemLensApp.createScene(main, wb);
        stage.setScene(scene);
        stage.show();
        main.openSample();
        main.history().refresh();
        main.history().selectedEntries().setAll(main.history().entries());
        main.history().compareSelected();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSwitchChangesHistoryItsChartTheResultsAndTheLiveChart(FxRobot robot) {
        TableView<RunSummaryEntry> table = robot.lookup("#historyTable").queryAs(TableView.class);
        TableColumn<RunSummaryEntry, String> peak = (TableColumn<RunSummaryEntry, String>) table.getColumns().stream()
                .filter(c -> "historyPeakColumn".equals(c.getId())).findFirst().orElseThrow();
        RunSummaryEntry first = table.getItems().get(0);
        long peakBytes = first.peakBytes();
        assertEquals(String.format(java.util.Locale.ROOT, "%.2f GiB", peakBytes / (double) (1L << 30)),
                peak.getCellData(first));
        assertEquals("GiB", unitOf(robot.lookup("#overlayTimeline").queryAs(XYChart.class)));
        assertEquals("GiB", unitOf((XYChart) ((javafx.scene.Parent) ((MainView) scene.getRoot()).resultsView().timelineChart()).getChildrenUnmodifiable().get(0)));
        assertEquals("GiB", unitOf(robot.lookup("#liveRunView").queryAs(LiveRunView.class).chart()));

        robot.interact(() -> robot.lookup("#unitGb").queryAs(javafx.scene.control.ToggleButton.class).fire());
        WaitForAsyncUtils.waitForFxEvents();

        assertEquals(dev.memlens.core.units.MemoryUnit.GB, main.results().unitProperty().get());
        assertEquals(String.format(java.util.Locale.ROOT, "%.2f GB", peakBytes / 1e9), peak.getCellData(first));
        assertTrue(table.lookupAll(".table-cell").stream().anyMatch(n -> n instanceof javafx.scene.control.TableCell<?, ?> c
                && String.format(java.util.Locale.ROOT, "%.2f GB", peakBytes / 1e9).equals(c.getText())),
                "the peak cell shows GB");
        assertEquals("GB", unitOf(robot.lookup("#overlayTimeline").queryAs(XYChart.class)));
        assertEquals("GB", robot.lookup("#overlayBreakdown").queryAs(javafx.scene.chart.StackedBarChart.class)
                .getYAxis().getLabel());
        assertEquals("GB", unitOf((XYChart) ((javafx.scene.Parent) ((MainView) scene.getRoot()).resultsView().timelineChart()).getChildrenUnmodifiable().get(0)));
        assertEquals("GB", unitOf(robot.lookup("#liveRunView").queryAs(LiveRunView.class).chart()));
    }

    private static String unitOf(XYChart chart) {
        return ((DefaultNumericAxis) chart.getYAxis()).getUnit();
    }
}
