package dev.memlens.app.layout;

import static dev.memlens.app.layout.NodesInView.assertShownWhole;
import static dev.memlens.app.layout.NodesInView.assertTextWhole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.app.MemLensApp;
import dev.memlens.app.charts.PhaseLabelLayout;
import dev.memlens.app.charts.TimelineOverlay;
import dev.memlens.app.live.LiveRunView;
import dev.memlens.app.main.MainViewModel;
import dev.memlens.app.task.FxTaskExecutor;
import dev.memlens.app.workbench.WorkbenchServices;
import dev.memlens.app.workbench.WorkbenchViewModel;
import dev.memlens.app.workbench.WorkbenchWiring;
import dev.memlens.core.report.library.RunLibrary;
import dev.memlens.core.settings.RecentFiles;
import dev.memlens.testsupport.FxThread;
import dev.memlens.testsupport.StandInExecutables;
import dev.memlens.testutil.Resources;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Headless (Monocle): the Profile tab at 1280×720 while a bench runs against the stand-in vllm (its replayed log
 * says "Requested memory: 0.950000 (util)") and the stand-in nvidia-smi (two GPUs of 143,771 MiB): the toolbar's
 * texts whole, the chart tall enough with the Log shown, its phase labels drawn with text, and the budget lines at
 * the share the log gave, per GPU and for both together.
 */
@ExtendWith(ApplicationExtension.class)
class ProfileTabRunningAt1280x720StandInFxTest {
    @TempDir
    static Path dir;
    private WorkbenchViewModel wb;
    private FxTaskExecutor executor;
    private Scene scene;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        StandInExecutables bin = new StandInExecutables(dir);
        bin.install("/run/bench/stand-in-vllm.sh", "vllm");
        bin.install("/gpu/standins/nvidia-smi", "nvidia-smi");
        Map<String, String> env = new HashMap<>(bin.environment());
        env.put("STANDIN_VLLM_DIR", Resources.path("run/bench").toString());
        env.put("STANDIN_STATE", dir.toString());
        env.put("STANDIN_VLLM_MODE", "hang"); // stays in its last start-up phase until cancelled
        env.put("HOME", dir.resolve("home").toString());
        executor = new FxTaskExecutor();
        MainViewModel main = new MainViewModel(executor, new RecentFiles(dir.resolve("recent.txt")),
                new RunLibrary(dir.resolve("runs")));
        wb = WorkbenchWiring.create(new WorkbenchServices(env, dir.resolve("runs"), dir.resolve("config"), null),
                executor, Platform::runLater, main);
        scene = MemLensApp.createScene(main, wb);
        LayoutStage.show(stage, scene, 1280, 720);
        wb.start();
    }

    @AfterEach
    void stop(FxRobot robot) {
        robot.interact(wb::cancel);
        FxThread.waitFor("the run to end", 30, () -> !wb.run().runningProperty().get());
        executor.shutdown();
        robot.interact(() -> LayoutStage.restore(stage));
    }

    @Test
    void aRunningBenchKeepsItsTextsWholeItsChartTallAndItsBudgetFromTheLog(FxRobot robot) {
        robot.interact(() -> {
            wb.modelPicker().modelProperty().set(Resources.path("workbench/llama3-8b/config.json").toString());
            wb.bench().inputLen.set("512");
            wb.bench().outputLen.set("128");
            wb.bench().batchSize.set("8");
        });
        FxThread.waitFor("the GPUs and the model", 30, () -> wb.modelPicker().specProperty().get() != null
                && wb.gpuPicker().choices().size() > 1 && wb.canRunProperty().get());
        robot.interact(wb::runSelected);
        FxThread.waitFor("the engine's start-up log and both GPUs' samples", 30, () -> wb.run().log().size() > 25
                && wb.live().gpus().size() == 2 && wb.live().phases().size() >= 4
                && wb.live().engineBudgetProperty().get().source()
                        == dev.memlens.core.vllm.breakdown.EngineBudget.Source.ENGINE_LOG);
        LiveRunView live = (LiveRunView) scene.lookup("#liveRunView");
        FxThread.waitFor("the chart to catch up", 30, live::upToDate);
        // a few pulses for layout (a layout() call of our own outside a pulse would leave ChartFX's datasets locked)
        for (int i = 0; i < 3; i++) {
            org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        }
        String[] topBar = {"#runButton", "#cancelButton", "#mode-bench", "#targetChoice", "#runPhase", "#gpuStatus",
            "#followNewest", "#wholeRun", "#liveSummary"};
        // The run goes on while we look: a label whose text changed after the last pulse still draws its old text
        // until the next layout, so check in an FX call where no label awaits its layout (a cut text stays cut).
        boolean checked = false;
        for (int attempt = 0; attempt < 100 && !checked; attempt++) {
            org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
            checked = checkLaidOut(scene, topBar, live);
        }
        assertTrue(checked, "the top bar was never laid out between two live updates");
    }

    private boolean checkLaidOut(Scene scene, String[] topBar, LiveRunView live) {
        return FxThread.call(() -> {
            for (String q : topBar) {
                if (scene.lookup(q) instanceof javafx.scene.Parent p && p.isNeedsLayout()) {
                    return false;
                }
            }
            assertEquals("logTab", ((javafx.scene.control.TabPane) scene.lookup("#workbenchTabs")).getSelectionModel()
                    .getSelectedItem().getId(), "a run brings the log forward");
            for (String q : topBar) {
                if (scene.lookup(q) instanceof javafx.scene.control.Labeled) {
                    assertTextWhole(scene, q);
                } else {
                    assertShownWhole(scene, q);
                }
            }
            assertEquals("2 GPUs via nvidia-smi", ((Label) scene.lookup("#gpuStatus")).getText());
            assertTrue(((Label) scene.lookup("#gpuStatus")).getTooltip().getText().startsWith("2 GPUs via nvidia-smi ("),
                    "the tool's path is on hover");
            assertShownWhole(scene, "#liveChart");
            double plot = live.chart().getCanvas().getHeight();
            assertTrue(plot >= 150, "the plot keeps a usable height with the Log shown: " + plot);
            assertTrue(scene.lookup("#workbenchSplit") instanceof SplitPane, "the chart's height can be dragged");

            List<TimelineOverlay.Level> levels = live.overlay().levels();
            // the replayed H100 log's own budget: "Requested memory: 0.950000 (util), 75.23 GiB" (0.95 × 79.19 GiB)
            // a tensor-parallel-1 run sampled on two GPUs: vLLM budgets only one, so no budget of both
            assertEquals(List.of("capacity per GPU 140.40 GiB",
                    "engine budget on 1 of 2 GPUs 0.95 → 75.23 GiB (from the vLLM log)",
                    "capacity of 2 GPUs 280.80 GiB"),
                    levels.stream().map(TimelineOverlay.Level::name).toList());
            assertTrue(live.chart().getYAxis().getMax() >= 280.80, "the summed capacity is in view");
            List<Bounds> boxes = live.overlay().levelLabelBounds();
            for (int i = 0; i < boxes.size(); i++) {
                for (int j = i + 1; j < boxes.size(); j++) {
                    assertFalse(boxes.get(i).intersects(boxes.get(j)), levels.get(i).name() + " overlaps "
                            + levels.get(j).name());
                }
            }
            assertPhaseLabelsDrawnWithText(live);
            return true;
        });
    }

    /** Every phase label shown draws its text, whole, inside its box; the labels never overlap. */
    private void assertPhaseLabelsDrawnWithText(LiveRunView live) {
        List<PhaseLabelLayout.Placed> placed = live.overlay().placedPhaseLabels();
        assertTrue(placed.size() >= 4, placed.toString());
        List<Node> shown = scene.getRoot().lookupAll(".phase-label").stream().filter(Node::isVisible).toList();
        assertFalse(shown.isEmpty(), "no phase label is drawn");
        for (Node n : shown) {
            Label label = (Label) n;
            Text drawn = (Text) label.lookup(".text");
            assertTrue(drawn != null && !drawn.getText().isBlank(), "the phase label " + label.getText() + " is an empty box");
            assertEquals(label.getText(), drawn.getText(), "a phase label's text is cut");
            Bounds box = label.localToScene(label.getLayoutBounds());
            Bounds text = drawn.localToScene(drawn.getLayoutBounds());
            assertTrue(text.getMinX() >= box.getMinX() - 0.5 && text.getMaxX() <= box.getMaxX() + 0.5
                    && text.getMinY() >= box.getMinY() - 1 && text.getMaxY() <= box.getMaxY() + 1,
                    label.getText() + "'s text " + text + " is outside its box " + box);
        }
        for (int i = 0; i < shown.size(); i++) {
            for (int j = i + 1; j < shown.size(); j++) {
                Bounds a = shown.get(i).localToScene(shown.get(i).getLayoutBounds());
                Bounds b = shown.get(j).localToScene(shown.get(j).getLayoutBounds());
                assertFalse(a.intersects(b), shown.get(i) + " overlaps " + shown.get(j));
            }
        }
    }
}
