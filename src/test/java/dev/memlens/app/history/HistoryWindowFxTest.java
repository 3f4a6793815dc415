package dev.memlens.app.history;

import static dev.memlens.core.report.library.SavedRuns.GIB;
import static dev.memlens.core.report.library.SavedRuns.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.testfx.api.FxAssert.verifyThat;

import dev.memlens.app.MemLensApp;
import dev.memlens.app.main.MainViewModel;
import dev.memlens.app.task.SameThreadTaskExecutor;
import dev.memlens.core.report.RunStatus;
import dev.memlens.core.report.library.RunLibrary;
import dev.memlens.core.report.library.RunSummaryEntry;
import dev.memlens.core.settings.RecentFiles;
import io.fair_acc.chartfx.XYChart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.matcher.control.LabeledMatchers;
import org.testfx.util.WaitForAsyncUtils;

/** Headless (Monocle): the History tab over a temporary run folder, as a user clicks through it. */
@ExtendWith(ApplicationExtension.class)
class HistoryWindowFxTest {
    private static final Instant T = Instant.parse("2025-03-10T09:15:00Z");
    @TempDir
    Path dir;
    private MainViewModel vm;
    private Path runs;

    @Start
    void start(Stage stage) throws Exception {
        runs = dir.resolve("runs");
        RunLibrary library = new RunLibrary(runs);
        library.save(run("Llama-2-7B", "bench", T, RunStatus.COMPLETED, 19 * GIB));
        library.save(run("Qwen2-7B", "api", T.plusSeconds(60), RunStatus.INTERRUPTED, null));
        library.save(run("Mistral-7B", "hf", T.plusSeconds(120), RunStatus.CANCELLED, 10 * GIB));
        vm = new MainViewModel(new SameThreadTaskExecutor(), new RecentFiles(dir.resolve("recent.txt")), library);
        stage.setScene(MemLensApp.createScene(vm));
        stage.show();
        vm.openSample();
        vm.history().refresh();
    }

    @SuppressWarnings("unchecked")
    private TableView<RunSummaryEntry> table(FxRobot robot) {
        return robot.lookup("#historyTable").queryAs(TableView.class);
    }

    private static List<String> models(TableView<RunSummaryEntry> t) {
        return t.getItems().stream().map(RunSummaryEntry::model).toList();
    }

    @Test
    void listsTheSavedRunsWithTheInterruptedOneMarked(FxRobot robot) {
        robot.clickOn("History");
        TableView<RunSummaryEntry> t = table(robot);
        assertEquals(List.of("Mistral-7B", "Qwen2-7B", "Llama-2-7B"), models(t));
        assertTrue(robot.lookup(".run-interrupted").tryQuery().isPresent(), "the interrupted row is styled");
        assertTrue(robot.lookup("⚠ interrupted").tryQuery().isPresent());
        assertTrue(robot.lookup("✓ pass").tryQuery().isPresent(), "Llama: 18.6 GiB measured vs 19 calculated");
    }

    @Test
    void searchFiltersTheList(FxRobot robot) {
        robot.clickOn("History");
        robot.clickOn("#historySearch").write("qwen");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("Qwen2-7B"), models(table(robot)));
        robot.doubleClickOn("#historySearch").eraseText(4).write("h200 hf");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("Mistral-7B"), models(table(robot)));
    }

    @Test
    void reopenShowsTheRunInTheResultsView(FxRobot robot) {
        robot.clickOn("History");
        robot.clickOn("Mistral-7B");
        robot.clickOn("#historyReopen");
        WaitForAsyncUtils.waitForFxEvents();
        TabPane tabs = robot.lookup("#mainTabs").queryAs(TabPane.class);
        assertEquals("resultsTab", tabs.getSelectionModel().getSelectedItem().getId());
        verifyThat("#summaryModel", LabeledMatchers.hasText("Mistral-7B"));
        assertTrue(robot.lookup("#verdictLabel").queryLabeled().getText().startsWith("✗"), "18.6 GiB vs 10 GiB");
    }

    @Test
    void deleteAsksThenMovesTheRunToTheTrash(FxRobot robot) throws Exception {
        robot.clickOn("History");
        robot.clickOn("Qwen2-7B");
        robot.clickOn("#historyDelete");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#deleteDialog").tryQuery().isPresent());
        robot.clickOn("Move to trash");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("Mistral-7B", "Llama-2-7B"), models(table(robot)));
        try (var trash = Files.list(runs.resolve(".trash"))) {
            assertEquals(1, trash.count());
        }
    }

    @Test
    void compareTwoShowsBothTimelinesAndBreakdownsInTheOverlay(FxRobot robot) {
        robot.clickOn("History");
        robot.clickOn("Mistral-7B");
        robot.press(javafx.scene.input.KeyCode.SHORTCUT).clickOn("Llama-2-7B").release(javafx.scene.input.KeyCode.SHORTCUT);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2, vm.history().selectedEntries().size());
        robot.clickOn("#historyCompare");
        WaitForAsyncUtils.waitForFxEvents();
        Node overlay = robot.lookup("#runOverlay").query();
        assertTrue(overlay.isVisible());
        XYChart chart = robot.lookup("#overlayTimeline").queryAs(XYChart.class);
        List<String> names = chart.getRenderers().get(0).getDatasets().stream().map(d -> d.getName()).toList();
        assertEquals(2, names.size());
        assertTrue(names.get(0).startsWith("A · Mistral-7B") && names.get(1).startsWith("B · Llama-2-7B"), names.toString());
        javafx.scene.chart.StackedBarChart<?, ?> bars = robot.lookup("#overlayBreakdown").queryAs(javafx.scene.chart.StackedBarChart.class);
        assertEquals(4, bars.getData().size(), "a series per component (the sample attributes all it measured)");
        assertEquals(List.of("A measured", "B measured"),
                ((javafx.scene.chart.CategoryAxis) bars.getXAxis()).getCategories(), "total-only calculators have no bars");
        robot.clickOn("#overlayClose");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(robot.lookup("#runOverlay").tryQuery().isPresent());
    }

    @Test
    void saveToHistoryFromTheMenuAddsTheOpenReport(FxRobot robot) {
        robot.clickOn("File").clickOn("Save to history");
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("History");
        assertEquals(4, table(robot).getItems().size());
        assertTrue(robot.lookup("#statusLine").queryLabeled().getText().startsWith("Saved to the history: " + runs));
    }
}
