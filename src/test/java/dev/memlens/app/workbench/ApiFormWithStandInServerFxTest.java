package dev.memlens.app.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.app.MemLensApp;
import dev.memlens.app.main.MainViewModel;
import dev.memlens.app.task.FxTaskExecutor;
import dev.memlens.core.report.RunStatus;
import dev.memlens.core.report.library.RunLibrary;
import dev.memlens.core.settings.RecentFiles;
import dev.memlens.testsupport.StandInExecutables;
import dev.memlens.testsupport.StandInVllmServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Headless: the API form against the in-process stand-in vLLM server, with the stand-in nvidia-smi sampling. */
@ExtendWith(ApplicationExtension.class)
class ApiFormWithStandInServerFxTest {
    @TempDir
    Path dir;
    private StandInVllmServer server;
    private FxTaskExecutor executor;
    private MainViewModel main;
    private WorkbenchViewModel wb;

    @Start
    void start(Stage stage) {
        server = new StandInVllmServer().models("meta-llama/Llama-3.1-8B-Instruct").start();
        StandInExecutables bin = new StandInExecutables(dir);
        bin.install("/gpu/standins/nvidia-smi", "nvidia-smi");
        Map<String, String> env = new HashMap<>(bin.environment());
        env.put("STANDIN_STATE", dir.toString());
        env.put("HOME", dir.resolve("home").toString());
        executor = new FxTaskExecutor();
        Path runs = dir.resolve("runs");
        main = new MainViewModel(executor, new RecentFiles(dir.resolve("recent.txt")), new RunLibrary(runs));
        wb = WorkbenchWiring.create(new WorkbenchServices(env, runs, dir.resolve("config"), null), executor,
                Platform::runLater, main);
        stage.setScene(MemLensApp.createScene(main, wb));
        stage.show();
        stage.setX(0);
        stage.setY(0);
        wb.start();
    }

    @AfterEach
    void stop() {
        executor.shutdown();
        server.close();
    }

    @Test
    void theApiFormRunsFourConcurrentRequestsAndOpensTheResults(FxRobot robot) throws Exception {
        robot.clickOn("#mode-api");
        TextField url = robot.lookup("#api-api-url").queryAs(TextField.class);
        robot.doubleClickOn(url).eraseText(url.getText().length());
        assertTrue(robot.lookup("#runButton").queryButton().isDisabled());
        robot.write(server.baseUrl());
        TextField batch = robot.lookup("#api-batch-size").queryAs(TextField.class);
        robot.doubleClickOn(batch).eraseText(batch.getText().length()).write("4");
        assertTrue(!robot.lookup("#runButton").queryButton().isDisabled(), wb.runBlockedReasonProperty().get());
        robot.clickOn("#runButton");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> wb.run().lastResultProperty().get() != null);
        RunResult r = wb.run().lastResultProperty().get();
        assertEquals(RunStatus.COMPLETED, r.status(), String.valueOf(r.outcome().report().failures()));
        assertEquals(dev.memlens.core.report.RunMode.API, r.outcome().report().mode());
        assertEquals(4, server.completionRequests().size(), "the batch goes out as concurrent requests");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> "resultsTab".equals(robot.lookup("#mainTabs")
                .queryAs(TabPane.class).getSelectionModel().getSelectedItem().getId()));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> main.statusProperty().get().startsWith("API run completed · saved to "));
    }
}
