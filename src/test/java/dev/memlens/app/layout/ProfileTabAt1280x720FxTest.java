package dev.memlens.app.layout;

import static dev.memlens.app.layout.NodesInView.assertShownWhole;
import static dev.memlens.app.layout.NodesInView.assertTextWhole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.app.MemLensApp;
import dev.memlens.app.main.MainViewModel;
import dev.memlens.app.task.SameThreadTaskExecutor;
import dev.memlens.app.workbench.WorkbenchServices;
import dev.memlens.app.workbench.WorkbenchViewModel;
import dev.memlens.app.workbench.WorkbenchWiring;
import dev.memlens.core.report.library.RunLibrary;
import dev.memlens.core.settings.RecentFiles;
import java.nio.file.Path;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Headless (Monocle): the Profile tab in a 1280×720 window: the form, its problems and the chart all in view. */
@ExtendWith(ApplicationExtension.class)
class ProfileTabAt1280x720FxTest {
    @TempDir
    static Path dir;
    private WorkbenchViewModel wb;
    private Scene scene;
    private Stage stage;

    /** TestFX keeps one stage for every test class: give the next one its usual size back. */
    @org.junit.jupiter.api.AfterEach
    void restoreStageSize(FxRobot robot) {
        robot.interact(() -> LayoutStage.restore(stage));
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        MainViewModel main = new MainViewModel(new SameThreadTaskExecutor(), new RecentFiles(dir.resolve("recent.txt")),
                new RunLibrary(dir.resolve("runs")));
        // no GPU tool and no vLLM on PATH: the longest status texts a new user sees
        Map<String, String> env = Map.of("PATH", dir.toString(), "HOME", dir.resolve("home").toString());
        wb = WorkbenchWiring.create(new WorkbenchServices(env, dir.resolve("runs"), dir.resolve("config"), null),
                new SameThreadTaskExecutor(), Runnable::run, main);
        scene = MemLensApp.createScene(main, wb);
        LayoutStage.show(stage, scene, 1280, 720);
    }

    @Test
    void everyKeyControlOfTheBenchFormIsInViewAndUncut(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1280, scene.getWidth(), 1);
        assertEquals(720, scene.getHeight(), 1);
        if (System.getProperty("memlens.layoutShot") != null) {
            robot.interact(() -> {
                try {
                    java.nio.file.Files.write(Path.of(System.getProperty("memlens.layoutShot")),
                            dev.memlens.app.main.MainView.png(scene.getRoot()));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        for (String q : new String[] {"#runButton", "#cancelButton", "#mode-bench", "#mode-api", "#mode-hf", "#mode-docker",
                "#modelFolderButton", "#modelConfigButton", "#presetSave", "#followNewest", "#wholeRun"}) {
            assertTextWhole(scene, q);
        }
        for (String q : new String[] {"#modelPicker", "#bench-input-len", "#bench-output-len", "#bench-batch-size",
                "#bench-dtype", "#bench-tensor-parallel-size", "#bench-quantization", "#bench-advanced",
                "#runBlockedReason", "#gpuPicker", "#liveChart"}) {
            assertShownWhole(scene, q);
        }
        double chartHeight = scene.lookup("#liveChart").getLayoutBounds().getHeight();
        assertTrue(chartHeight >= 140, "the chart keeps a readable height: " + chartHeight);
        assertTrue(scene.lookup("#fitLineSlot").isVisible(), "room for the estimator's fit line");
    }

    @Test
    void everyProblemIsNextToItsFieldInTheSummaryAndInRunsTooltipWithoutMovingTheForm(FxRobot robot) {
        Node dtype = scene.lookup("#bench-dtype");
        double dtypeY = dtype.localToScene(dtype.getLayoutBounds()).getMinY();
        double chartHeight = scene.lookup("#liveChart").getLayoutBounds().getHeight();
        robot.interact(() -> {
            wb.bench().inputLen.set("0");
            wb.bench().batchSize.set("x");
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("'0' must be 1 or more", text("#bench-input-len-problem"));
        assertEquals("'x' is not a whole number", text("#bench-batch-size-problem"));
        assertEquals("", text("#bench-output-len-problem"));
        assertTrue(text("#modelPicker-problem").startsWith("give a model"), text("#modelPicker-problem"));
        String summary = text("#runBlockedReason");
        assertTrue(summary.startsWith("3 problems: Model: give a model"), summary);
        assertTrue(summary.contains("Input length: '0' must be 1 or more") && summary.contains("Batch size: 'x'"), summary);
        String tip = ((Tooltip) scene.lookup("#runButtonHolder").getProperties().get("tooltip")).getText();
        assertTrue(tip.startsWith("Run is blocked by:\n• Model: give a model"), tip);
        assertTrue(tip.contains("\n• Input length: '0' must be 1 or more\n• Batch size: 'x' is not a whole number"), tip);
        for (String q : new String[] {"#bench-input-len-problem", "#bench-batch-size-problem", "#modelPicker-problem"}) {
            assertTextWhole(scene, q);
        }
        assertEquals(dtypeY, dtype.localToScene(dtype.getLayoutBounds()).getMinY(), 0.01, "the form moved");
        assertEquals(chartHeight, scene.lookup("#liveChart").getLayoutBounds().getHeight(), 0.01, "the chart moved");
        robot.interact(() -> {
            wb.bench().inputLen.set("512");
            wb.bench().batchSize.set("8");
        });
        assertEquals("", text("#bench-input-len-problem"));
        assertTrue(text("#runBlockedReason").startsWith("Model: give a model"), text("#runBlockedReason"));
    }

    private String text(String query) {
        return ((Label) scene.lookup(query)).getText();
    }
}
