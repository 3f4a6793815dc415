package dev.memlens.app.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.report.GpuTimeline;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunMode;
import dev.memlens.core.report.VllmMetricsSeries;
import java.util.List;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Headless (Monocle): Results shows an api run's vLLM /metrics summary beside the run summary, pressure flagged. */
@ExtendWith(ApplicationExtension.class)
class VllmMetricsSummaryFxTest {
    private static final long GIB = 1L << 30;
    private ResultsViewModel vm;

    @Start
    void start(Stage stage) {
        vm = new ResultsViewModel();
        stage.setScene(dev.memlens.app.MemLensApp.styledScene(new ResultsView(vm), 1280, 720));
        stage.show();
    }

    private static ProfileReport apiRun(VllmMetricsSeries series) {
        return ProfileReport.builder().mode(RunMode.API).timeline(List.of(new GpuTimeline(0, "GPU-0", "NVIDIA H200",
                new long[] {0, 500, 1000}, new long[] {80 * GIB, 84 * GIB, 85 * GIB}))).vllmMetrics(series).build();
    }

    @Test
    void theSummarySaysKvPeakRequestsAndPreemptionsAsMemoryPressure(FxRobot robot) {
        VllmMetricsSeries series = new VllmMetricsSeries(List.of(new VllmMetricsSeries.Point(0, 0.0, 0.0, 0.0, 5.0),
                new VllmMetricsSeries.Point(500, 0.62, 3.0, 1.0, 5.0),
                new VllmMetricsSeries.Point(1000, 0.97, 4.0, 2.0, 7.0)));
        robot.interact(() -> vm.reportProperty().set(apiRun(series)));
        WaitForAsyncUtils.waitForFxEvents();
        Label label = robot.lookup("#vllmMetricsSummary").queryAs(Label.class);
        assertTrue(label.isVisible());
        assertEquals("vLLM metrics (measured, vllm-metrics, 3 scrapes): KV cache peak 97.0 %, running peak 4,"
                + " waiting peak 2, preemptions 2 (memory pressure: vLLM preempted requests because the KV cache was"
                + " full)", label.getText());
        assertTrue(label.getPseudoClassStates().contains(PseudoClass.getPseudoClass("memory-pressure")));

        VllmMetricsSeries calm = new VllmMetricsSeries(List.of(new VllmMetricsSeries.Point(0, 0.1, 1.0, 0.0, 0.0),
                new VllmMetricsSeries.Point(1000, 0.4, 2.0, 0.0, 0.0)));
        robot.interact(() -> vm.reportProperty().set(apiRun(calm)));
        assertEquals("vLLM metrics (measured, vllm-metrics, 2 scrapes): KV cache peak 40.0 %, running peak 2,"
                + " waiting peak 0, preemptions 0", label.getText());
        assertFalse(label.getPseudoClassStates().contains(PseudoClass.getPseudoClass("memory-pressure")));

        robot.interact(() -> vm.reportProperty().set(apiRun(null)));
        assertFalse(label.isVisible(), "a run without /metrics shows no metrics line");
        assertFalse(label.isManaged());
    }
}
