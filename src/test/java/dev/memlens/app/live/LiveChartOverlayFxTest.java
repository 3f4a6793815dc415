package dev.memlens.app.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.app.charts.TimelineOverlay;
import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.run.RunPhase;
import dev.memlens.core.units.MemoryUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Headless (Monocle): the live chart's capacity and budget lines, a crosshair readout, and phase labels that do not
 * overlap when five short phases come at the start of a long axis (the clump of the 2026-12 evidence).
 */
@ExtendWith(ApplicationExtension.class)
class LiveChartOverlayFxTest {
    private static final long GIB = 1L << 30;
    private LiveRunViewModel vm;
    private LiveRunView view;

    @Start
    void start(Stage stage) {
        vm = new LiveRunViewModel(Platform::runLater);
        view = new LiveRunView(vm);
        stage.setScene(dev.memlens.app.MemLensApp.styledScene(view, 1000, 500));
        stage.show();
        vm.reset("Llama-3.1-8B · Bench");
        vm.engineBudgetProperty().set(dev.memlens.core.vllm.breakdown.EngineBudget.fromArguments(0.9));
    }

    /** One H100 (80 GiB) at 10 Hz for 60 s: start-up phases in the first 2 s, then measuring at 38 GiB. */
    private void playRun() throws Exception {
        RunPhase[] early = {RunPhase.LOADING, RunPhase.PROFILING, RunPhase.KV_ALLOCATION, RunPhase.CUDA_GRAPHS,
                RunPhase.WARMUP};
        for (int i = 0; i < early.length; i++) {
            vm.onPhase(early[i], i * 400L);
        }
        vm.onPhase(RunPhase.MEASURING, 2000);
        for (int i = 0; i <= 600; i++) {
            long ms = i * 100L;
            long used = ms < 2000 ? GIB + 18L * GIB * ms / 2000 : 38 * GIB;
            vm.onSample(GpuSample.of(ms, 0, "GPU-0", "NVIDIA H100 80GB HBM3", used, 80 * GIB, null, null, null), ms);
        }
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.samplesReceivedProperty().get() == 601);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, view::upToDate);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void capacityAndBudgetLinesAreDrawnAndKeptInTheMemoryRange(FxRobot robot) throws Exception {
        playRun();
        List<TimelineOverlay.Level> levels = view.overlay().levels();
        assertEquals(2, levels.size(), levels.toString());
        assertEquals("GPU capacity 80.00 GiB", levels.get(0).name());
        assertEquals(80.0, levels.get(0).value(), 1e-9);
        assertEquals("engine budget 0.90 × 80.00 = 72.00 GiB (from --gpu-memory-utilization)", levels.get(1).name());
        assertEquals(72.0, levels.get(1).value(), 1e-9);
        assertTrue(view.chart().getYAxis().getMax() >= 80.0, "the capacity line is in view");
        robot.interact(() -> vm.unitProperty().set(MemoryUnit.GB));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, view::upToDate);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("GPU capacity 85.90 GB", view.overlay().levels().get(0).name());
        assertEquals(85.899, view.overlay().levels().get(0).value(), 1e-3);
    }

    @Test
    void theCrosshairReadsTimeEachGpuAndThePhaseAtThePointer(FxRobot robot) throws Exception {
        playRun();
        robot.clickOn("#wholeRun");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, view::upToDate);
        robot.interact(() -> view.overlay().showReadoutAt(30.0));
        String text = view.overlay().readoutLabel().getText();
        assertEquals("t      30.0 s\nGPU 0 NVIDIA H100 80GB HBM3  38.00 GiB\nphase  Measuring", text);
        assertTrue(view.overlay().readoutLabel().isVisible());
        robot.interact(() -> view.overlay().showReadoutAt(0.5));
        assertTrue(view.overlay().readoutLabel().getText().endsWith("phase  Profiling"),
                view.overlay().readoutLabel().getText());
        // moving the pointer over the plot shows it too
        Node canvas = view.chart().getCanvas();
        robot.moveTo(canvas);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(view.overlay().readoutLabel().isVisible());
        assertTrue(view.overlay().readoutLabel().getText().startsWith("t "), view.overlay().readoutLabel().getText());
    }

    @Test
    void phaseLabelsNeverOverlapAndEveryPhaseKeepsItsFullNameOnHover(FxRobot robot) throws Exception {
        playRun();
        List<Node> labels = robot.lookup(".phase-label").queryAll().stream().filter(Node::isVisible).toList();
        assertFalse(labels.isEmpty());
        for (int i = 0; i < labels.size(); i++) {
            for (int j = i + 1; j < labels.size(); j++) {
                Bounds a = labels.get(i).localToScene(labels.get(i).getBoundsInLocal());
                Bounds b = labels.get(j).localToScene(labels.get(j).getBoundsInLocal());
                assertFalse(a.intersects(b), labels.get(i) + " overlaps " + labels.get(j));
            }
        }
        assertEquals(6, view.overlay().placedPhaseLabels().size());
        assertEquals("Measuring", view.overlay().placedPhaseLabels().get(5).text());
        assertEquals(6, robot.lookup(".phase-hover-strip").queryAll().size(), "a hover strip with the name per phase");
    }
}
