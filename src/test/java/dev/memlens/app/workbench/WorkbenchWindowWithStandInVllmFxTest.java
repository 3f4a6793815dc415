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
import dev.memlens.testsupport.StandInExecutables;
import dev.memlens.testutil.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
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
import org.testfx.util.WaitForAsyncUtils;

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
        javafx.scene.control.ComboBox<?> picker = robot.lookup("#modelPicker").queryAs(javafx.scene.control.ComboBox.class);
        robot.interact(() -> picker.getEditor().setText(Resources.path("workbench/llama3-8b/config.json").toString()));
        replace(robot, "#bench-input-len", "512");
        replace(robot, "#bench-output-len", "128");
        replace(robot, "#bench-batch-size", "8");
    }

    private static void replace(FxRobot robot, String query, String text) {
        robot.doubleClickOn(query).eraseText(robot.lookup(query).queryAs(TextField.class).getText().length()).write(text);
    }

    private static void waitFor(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(WAIT_S, TimeUnit.SECONDS, condition);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what, e);
        }
    }

    @Test
    void aBenchRunFromTheFormShowsProgressAndLandsOnResultsWithTheEstimate(FxRobot robot) throws Exception {
        Button run = robot.lookup("#runButton").queryButton();
        Label blocked = robot.lookup("#runBlockedReason").queryAs(Label.class);
        assertTrue(run.isDisabled());
        assertTrue(blocked.getText().startsWith("Model:"), blocked.getText());
        fillBenchForm(robot);
        replace(robot, "#bench-batch-size", "0");
        assertTrue(run.isDisabled(), robot.lookup("#bench-batch-size").queryAs(TextField.class).getText() + " / "
                + blocked.getText() + " / " + wb.bench().values());
        assertEquals("Batch size: '0' must be 1 or more", blocked.getText());
        replace(robot, "#bench-batch-size", "8");
        waitFor("the model preview", () -> robot.lookup("#modelPreview").queryAs(Label.class).getText().contains("32 layers"));
        assertFalse(run.isDisabled(), blocked.getText());

        robot.clickOn("#runButton");
        Label phase = robot.lookup("#runPhase").queryAs(Label.class);
        waitFor("the loading phase", () -> phase.getText().equals("Loading") || phase.getText().equals("Profiling")
                || phase.getText().equals("KV allocation"));
        waitFor("the warm-up or bench count", () -> robot.lookup("#runProgressText").queryAs(Label.class).getText()
                .matches(".*\\d+/\\d+"));
        assertTrue(robot.lookup("#runProgress").queryAs(ProgressBar.class).isVisible());
        waitFor("the results tab", () -> robot.lookup("#mainTabs").queryAs(TabPane.class).getSelectionModel()
                .getSelectedItem().getId().equals("resultsTab"));
        assertEquals("Completed", phase.getText());
        // the live chart followed the run: the stand-in nvidia-smi's samples and the session's phases
        dev.memlens.app.live.LiveRunView live = robot.lookup("#liveRunView").queryAs(dev.memlens.app.live.LiveRunView.class);
        waitFor("the live chart to draw the run", () -> wb.live().samplesReceivedProperty().get() > 0 && live.upToDate());
        assertTrue(live.pointsInDatasets() > 0);
        assertFalse(live.phaseBands().isEmpty());
        assertTrue(live.markersShown());
        assertFalse(robot.lookup("#calcWeights").queryAs(TextField.class).getText().isBlank(), "pre-filled by the estimator");
        assertEquals("Source: memlens estimator", robot.lookup("#calculatorSource").queryAs(Label.class).getText());
        String formula = robot.lookup("#calcKv").queryAs(TextField.class).getTooltip().getText();
        assertTrue(formula.startsWith("memlens estimator:") && formula.length() > 30, formula);
        robot.clickOn("#calcWeights").write("1");
        assertEquals("Source: manual", robot.lookup("#calculatorSource").queryAs(Label.class).getText(), "still editable");
        assertTrue(main.statusProperty().get().startsWith("Bench run completed · saved to "), main.statusProperty().get());
    }

    @Test
    void cancellingAHangingRunSavesItAsCancelledInHistory(FxRobot robot) throws Exception {
        Files.writeString(modeFile, "hang");
        fillBenchForm(robot);
        waitFor("Run to be enabled", () -> !robot.lookup("#runButton").queryButton().isDisabled());
        robot.push(KeyCode.SHORTCUT, KeyCode.R);
        waitFor("the run to start", () -> wb.run().runningProperty().get());
        @SuppressWarnings("unchecked")
        ListView<LogEntry> log = robot.lookup("#logList").queryAs(ListView.class);
        waitFor("vLLM's start-up log", () -> log.getItems().size() > 20);
        assertFalse(robot.lookup("#cancelButton").queryButton().isDisabled());
        robot.push(KeyCode.ESCAPE);
        waitFor("the run to end", () -> !wb.run().runningProperty().get());
        assertEquals("Cancelled", robot.lookup("#runPhase").queryAs(Label.class).getText());
        robot.clickOn("#historyTab");
        @SuppressWarnings("unchecked")
        TableView<RunSummaryEntry> table = robot.lookup("#historyTable").queryAs(TableView.class);
        waitFor("the history to list the run", () -> !table.getItems().isEmpty());
        assertEquals(RunStatus.CANCELLED, table.getItems().get(0).status());
        assertEquals("bench", table.getItems().get(0).mode());
    }
}
