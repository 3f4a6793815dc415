package dev.memlens.app.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.app.MemLensApp;
import dev.memlens.app.main.MainViewModel;
import dev.memlens.app.task.FxTaskExecutor;
import dev.memlens.core.report.RunStatus;
import dev.memlens.core.report.library.RunLibrary;
import dev.memlens.core.report.library.RunSummaryEntry;
import dev.memlens.core.settings.RecentFiles;
import dev.memlens.testsupport.FxThread;
import dev.memlens.testsupport.StandInExecutables;
import dev.memlens.testutil.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import javafx.application.Platform;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Headless (Monocle): the Profile tab as a user works it, against the stand-in `vllm` and `nvidia-smi`, with real
 * background threads (FxTaskExecutor) and session events posted to the FX thread.
 */
@ExtendWith(ApplicationExtension.class)
class WorkbenchWindowWithStandInVllmFxTest {
    private static final int WAIT_S = 20;
    @TempDir
    Path dir;
    private Path modeFile;
    private MainViewModel main;
    private WorkbenchViewModel wb;
    private FxTaskExecutor executor;

    @Start
    void start(Stage stage) throws Exception {
        StandInExecutables bin = new StandInExecutables(dir);
        bin.install("/run/bench/stand-in-vllm.sh", "stand-in-vllm.sh");
        // the mode is read from a file at each start, so one test can make vLLM hang
        bin.write("vllm", "STANDIN_VLLM_MODE=$(cat \"$STANDIN_MODE_FILE\" 2>/dev/null || echo normal)\n"
                + "export STANDIN_VLLM_MODE\nexec \"$(dirname \"$0\")/stand-in-vllm.sh\" \"$@\"\n");
        bin.install("/gpu/standins/nvidia-smi", "nvidia-smi");
        modeFile = dir.resolve("vllm-mode");
        Map<String, String> env = new HashMap<>(bin.environment());
        env.put("STANDIN_VLLM_DIR", Resources.path("run/bench").toString());
        env.put("STANDIN_STATE", dir.toString());
        env.put("STANDIN_MODE_FILE", modeFile.toString());
        env.put("HOME", dir.resolve("home").toString());
        executor = new FxTaskExecutor();
        Path runs = dir.resolve("runs");
        main = new MainViewModel(executor, new RecentFiles(dir.resolve("recent.txt")), new RunLibrary(runs));
        wb = WorkbenchWiring.create(new WorkbenchServices(env, runs, dir.resolve("config"), null), executor,
                Platform::runLater, main);
        stage.setScene(MemLensApp.createScene(main, wb));
        stage.show();
        // Monocle's headless screen is 1280x800: the window at its top-left keeps the form on it
        stage.setX(0);
        stage.setY(0);
        wb.start();
    }

    @AfterEach
    void stop() {
        executor.shutdown();
    }

    private void fillBenchForm(FxRobot robot) {
        // the path is pasted, as a user would from a file manager: typing 100 characters only slows the test
        robot.interact(() -> robot.lookup("#modelPicker").queryAs(javafx.scene.control.ComboBox.class).getEditor()
                .setText(Resources.path("workbench/llama3-8b/config.json").toString()));
        replace(robot, "#bench-input-len", "512");
        replace(robot, "#bench-output-len", "128");
        replace(robot, "#bench-batch-size", "8");
    }

    private static void replace(FxRobot robot, String query, String text) {
        int length = FxThread.call(() -> robot.lookup(query).queryAs(TextField.class).getText().length());
        FxThread.doubleClickOn(robot, query);
        robot.eraseText(length).write(text);
    }

    /** Every read of the scene graph happens on the FX thread (see FxThread): a test-thread lookup races the UI. */
    private static void waitFor(String what, Callable<Boolean> condition) {
        FxThread.waitFor(what, WAIT_S, condition);
    }

    private static String text(FxRobot robot, String query) {
        return FxThread.call(() -> robot.lookup(query).queryLabeled().getText());
    }

    private static String field(FxRobot robot, String query) {
        return FxThread.call(() -> robot.lookup(query).queryAs(TextField.class).getText());
    }

    private static boolean disabled(FxRobot robot, String query) {
        return FxThread.call(() -> robot.lookup(query).query().isDisabled());
    }

    @Test
    void aBenchRunFromTheFormShowsProgressAndLandsOnResultsWithTheEstimate(FxRobot robot) throws Exception {
        assertTrue(disabled(robot, "#runButton"));
        assertTrue(text(robot, "#runBlockedReason").startsWith("Model:"), text(robot, "#runBlockedReason"));
        fillBenchForm(robot);
        replace(robot, "#bench-batch-size", "0");
        assertTrue(disabled(robot, "#runButton"), field(robot, "#bench-batch-size") + " / "
                + text(robot, "#runBlockedReason"));
        assertEquals("Batch size: '0' must be 1 or more", text(robot, "#runBlockedReason"));
        replace(robot, "#bench-batch-size", "8");
        waitFor("the model preview", () -> robot.lookup("#modelPreview").queryLabeled().getText().contains("32 layers"));
        assertFalse(disabled(robot, "#runButton"), text(robot, "#runBlockedReason"));

        FxThread.clickOn(robot, "#runButton");
        waitFor("the loading phase", () -> {
            String phase = robot.lookup("#runPhase").queryLabeled().getText();
            return phase.equals("Loading") || phase.equals("Profiling") || phase.equals("KV allocation");
        });
        waitFor("the warm-up or bench count", () -> robot.lookup("#runProgressText").queryLabeled().getText()
                .matches(".*\\d+/\\d+"));
        assertTrue(FxThread.call(() -> robot.lookup("#runProgress").queryAs(ProgressBar.class).isVisible()));
        waitFor("the results tab", () -> robot.lookup("#mainTabs").queryAs(TabPane.class).getSelectionModel()
                .getSelectedItem().getId().equals("resultsTab"));
        assertEquals("Completed", text(robot, "#runPhase"));
        // the live chart followed the run: the stand-in nvidia-smi's samples and the session's phases
        dev.memlens.app.live.LiveRunView live = FxThread.call(() -> robot.lookup("#liveRunView")
                .queryAs(dev.memlens.app.live.LiveRunView.class));
        waitFor("the live chart to draw the run", () -> wb.live().samplesReceivedProperty().get() > 0 && live.upToDate());
        assertTrue(FxThread.call(live::pointsInDatasets) > 0);
        assertFalse(FxThread.call(live::phaseBands).isEmpty());
        assertTrue(FxThread.call(live::markersShown));
        assertFalse(field(robot, "#calcWeights").isBlank(), "pre-filled by the estimator");
        assertEquals("Source: memlens estimator", text(robot, "#calculatorSource"));
        String formula = FxThread.call(() -> robot.lookup("#calcKv").queryAs(TextField.class).getTooltip().getText());
        assertTrue(formula.startsWith("memlens estimator:") && formula.length() > 30, formula);
        FxThread.clickOn(robot, "#calcWeights");
        robot.write("1");
        assertEquals("Source: manual", text(robot, "#calculatorSource"), "still editable");
        String status = FxThread.call(() -> main.statusProperty().get());
        assertTrue(status.startsWith("Bench run completed · saved to "), status);
    }

    @Test
    void cancellingAHangingRunSavesItAsCancelledInHistory(FxRobot robot) throws Exception {
        Files.writeString(modeFile, "hang");
        fillBenchForm(robot);
        waitFor("Run to be enabled", () -> !robot.lookup("#runButton").query().isDisabled());
        robot.push(KeyCode.SHORTCUT, KeyCode.R);
        waitFor("the run to start", () -> wb.run().runningProperty().get());
        waitFor("vLLM's start-up log", () -> robot.lookup("#logList").queryAs(ListView.class).getItems().size() > 20);
        assertFalse(disabled(robot, "#cancelButton"));
        robot.push(KeyCode.ESCAPE);
        waitFor("the run to end", () -> !wb.run().runningProperty().get());
        assertEquals("Cancelled", text(robot, "#runPhase"));
        FxThread.clickOn(robot, "#historyTab");
        waitFor("the history to list the run", () -> !robot.lookup("#historyTable").queryAs(TableView.class)
                .getItems().isEmpty());
        RunSummaryEntry first = FxThread.call(() -> (RunSummaryEntry) robot.lookup("#historyTable")
                .queryAs(TableView.class).getItems().get(0));
        assertEquals(RunStatus.CANCELLED, first.status());
        assertEquals("bench", first.mode());
    }
}
