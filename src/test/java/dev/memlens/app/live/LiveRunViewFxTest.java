package dev.memlens.app.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.report.VllmMetricsSeries;
import dev.memlens.core.run.RunPhase;
import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.dataset.spi.DoubleDataSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Headless (Monocle): a background thread plays a two-GPU run into the live chart. */
@ExtendWith(ApplicationExtension.class)
class LiveRunViewFxTest {
    private static final long GIB = 1L << 30;
    private static final int TICKS = 12_000; // 10 minutes at 20 Hz

    private LiveRunViewModel vm;
    private LiveRunView view;

    @Start
    void start(Stage stage) {
        vm = new LiveRunViewModel(Platform::runLater);
        view = new LiveRunView(vm);
        stage.setScene(dev.memlens.app.MemLensApp.styledScene(view, 1000, 600));
        stage.show();
        vm.reset("Llama-3.1-8B · bench");
    }

    /** Loading ramps to 16 GiB per GPU, KV allocation to 70 GiB, then generation with KV usage going up and down. */
    private Thread feeder(LiveRunViewModel target, int ticks, CountDownLatch started) {
        Thread t = new Thread(() -> {
            target.onPhase(RunPhase.LOADING, 0);
            for (int i = 0; i < ticks; i++) {
                long ms = i * 50L;
                if (i == ticks / 4) {
                    target.onPhase(RunPhase.KV_ALLOCATION, ms);
                }
                if (i == ticks / 2) {
                    target.onPhase(RunPhase.MEASURING, ms);
                }
                long used = i < ticks / 4 ? GIB + 15L * GIB * i / (ticks / 4) : i < ticks / 2 ? 70 * GIB : 72 * GIB;
                for (int gpu = 0; gpu < 2; gpu++) {
                    target.onSample(GpuSample.of(ms, gpu, "GPU-" + gpu, "NVIDIA H100 80GB HBM3", used + gpu * GIB,
                            80 * GIB, null, null, null), ms);
                }
                if (i >= ticks / 2 && i % 20 == 0) {
                    target.onKvUsage(ms, 0.5 + 0.4 * Math.sin(i / 500.0), null);
                }
                if (i == 0) {
                    started.countDown();
                }
            }
            target.onPhase(RunPhase.DONE, (ticks - 1) * 50L);
        }, "test-sampler");
        t.setDaemon(true);
        return t;
    }

    private void awaitApplied(long samples) {
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.samplesReceivedProperty().get() == samples);
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, view::upToDate);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the chart did not catch up: " + vm.samplesReceivedProperty().get()
                    + " of " + samples + " samples applied", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void aRunFedFromABackgroundThreadFillsTheChartAndTheFxThreadStaysResponsive(FxRobot robot) throws Exception {
        XYChart chartBefore = view.chart();
        CountDownLatch started = new CountDownLatch(1);
        Thread sampler = feeder(vm, TICKS, started);
        sampler.start();
        assertTrue(started.await(30, TimeUnit.SECONDS));
        // while samples pour in, the FX thread still runs other work
        CountDownLatch ping = new CountDownLatch(1);
        Platform.runLater(ping::countDown);
        assertTrue(ping.await(10, TimeUnit.SECONDS), "the FX thread answered while the sampler was feeding");
        sampler.join(60_000);
        awaitApplied(2L * TICKS);

        assertEquals(2, vm.gpuSeries().size());
        assertEquals(TICKS, vm.gpuSeries().get(0).size());
        assertEquals(TICKS, vm.totalSeries().size());
        ErrorDataSetRenderer memory = (ErrorDataSetRenderer) view.chart().getRenderers().get(0);
        ErrorDataSetRenderer kv = (ErrorDataSetRenderer) view.chart().getRenderers().get(1);
        assertEquals(3, memory.getDatasets().size(), "two GPUs and the total");
        assertEquals("total", memory.getDatasets().get(0).getName());
        assertEquals(1, kv.getDatasets().size());
        assertEquals(2, view.chart().getRenderers().size(), "no requests renderer: the run has no request series");
        assertFalse(requestsAxisDrawn(), "a run without request series draws no (empty) requests axis");

        // following: the last 120 s of 600 s, at most two points per pixel bucket
        DefaultNumericAxis x = (DefaultNumericAxis) view.chart().getXAxis();
        assertEquals((TICKS - 1) * 0.05 - 120, x.getMin(), 1e-6);
        DoubleDataSet gpu0 = view.datasetFor(vm.gpuSeries().get(0));
        int buckets = Math.max(200, (int) Math.ceil(x.getWidth()));
        assertTrue(gpu0.getDataCount() > 100 && gpu0.getDataCount() <= 2 * buckets + 4,
                "decimated to the chart width: " + gpu0.getDataCount());

        robot.clickOn("#wholeRun");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, view::upToDate);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, x.getMin(), 1e-9);
        assertEquals(600, x.getMax(), 1e-6, "599.95 s rounded up to the next 10 s");
        assertTrue(gpu0.getDataCount() <= 2 * buckets + 4);
        double shownMax = 0;
        for (int i = 0; i < gpu0.getDataCount(); i++) {
            shownMax = Math.max(shownMax, gpu0.get(1, i));
        }
        assertEquals(72.0, shownMax, 1e-9, "the peak survives decimation, in GiB");

        // markers: total baseline (1 + 2 GiB) and peak (72 + 73 GiB)
        assertTrue(view.markersShown());
        assertEquals(3.0, view.baselineMarker().getValue(), 1e-9);
        assertEquals(145.0, view.peakMarker().getValue(), 1e-9);
        assertEquals("total peak 145.00 GiB", view.peakMarker().getText());
        assertTrue(view.chart().getYAxis().getMax() >= 145.0);
        // bands: loading, KV allocation, measuring (DONE closes the last one)
        assertEquals(3, view.phaseBands().size());
        assertEquals("KV allocation", view.overlay().phases().get(1).name());
        assertEquals(150.0, view.phaseBands().get(1).getLowerBound(), 1e-9);
        assertEquals(300.0, view.phaseBands().get(1).getUpperBound(), 1e-9);
        assertEquals("Done", robot.lookup("#livePhase").queryAs(Label.class).getText());
        assertTrue(robot.lookup("#wholeRun").queryAs(ToggleButton.class).isSelected());
        assertFalse(robot.lookup("#followNewest").queryAs(ToggleButton.class).isSelected());

        // a new run: same chart, nothing left of the old one
        robot.interact(() -> vm.reset("second run"));
        WaitForAsyncUtils.waitForFxEvents();
        assertSame(chartBefore, view.chart());
        assertEquals(0, memory.getDatasets().size());
        assertEquals(0, kv.getDatasets().size());
        assertTrue(view.phaseBands().isEmpty());
        assertFalse(view.markersShown());
        assertEquals("second run", robot.lookup("#liveTitle").queryAs(Label.class).getText());
    }

    @Test
    void anApiRunDrawsRunningAndWaitingRequestsAndAMarkerAtEachPreemption(FxRobot robot) throws Exception {
        double[][] scrapes = {{0, 0, 0, 0}, {3, 1, 0.62, 0}, {4, 2, 0.97, 2}, {1, 0, 0.31, 3}};
        for (int i = 0; i < scrapes.length; i++) {
            double[] s = scrapes[i];
            vm.onVllmMetrics(new VllmMetricsSeries.Point(i * 500L, s[2], s[0], s[1], s[3]));
            vm.onKvUsage(i * 500L, s[2], null);
        }
        for (int i = 0; i < 4; i++) {
            vm.onSample(GpuSample.of(i * 500L, 0, "GPU-0", "NVIDIA H200", 80 * GIB, 141 * GIB, null, null, null), i * 500L);
        }
        awaitApplied(4);

        assertEquals(List.of("preempted 2 at 1.0", "preempted 1 at 1.5"), view.preemptionMarkers().stream()
                .map(m -> m.getText() + " at " + m.getValue()).toList());
        assertTrue(requestsAxisDrawn(), "the requests axis is drawn once request series have points");
        ErrorDataSetRenderer requests = (ErrorDataSetRenderer) view.chart().getRenderers().get(2);
        assertEquals(List.of("running requests", "waiting requests"),
                requests.getDatasets().stream().map(d -> d.getName()).toList());
        var running = vm.allSeries().stream().filter(x -> x.label().equals("running requests")).findFirst().orElseThrow();
        assertEquals(LiveSeries.Kind.REQUESTS, running.kind());
        assertEquals(4, running.size());
        assertEquals(1.0, running.seconds(2), 1e-9);
        assertEquals(4.0, running.value(2), 1e-9, "a count, not bytes");
        DoubleDataSet drawn = view.datasetFor(running);
        assertEquals(4.0, java.util.stream.IntStream.range(0, drawn.getDataCount()).mapToDouble(i -> drawn.get(1, i))
                .max().orElseThrow(), 1e-9, "drawn at its own scale, not in bytes");

        robot.interact(() -> vm.reset("next run"));
        assertTrue(view.preemptionMarkers().isEmpty());
        assertTrue(requests.getDatasets().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(requestsAxisDrawn(), "the next run starts without it");
    }

    /** The requests axis is on the chart, in the window and laid out with a width. */
    private boolean requestsAxisDrawn() {
        return dev.memlens.testsupport.FxThread.call(() -> {
            DefaultNumericAxis axis = view.requestsAxis();
            boolean inChart = view.chart().getAxes().contains(axis);
            boolean inWindow = axis.getScene() != null && axis.isVisible() && axis.getWidth() > 0;
            assertEquals(inChart, inWindow, "on the chart exactly when drawn (chart: " + inChart + ")");
            return inWindow;
        });
    }

    @Test
    void zoomingPausesFollowingUntilAModeIsChosen(FxRobot robot) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Thread sampler = feeder(vm, 4_000, started);
        sampler.start();
        sampler.join(60_000);
        awaitApplied(8_000);
        DefaultNumericAxis x = (DefaultNumericAxis) view.chart().getXAxis();
        assertFalse(view.userZoomed());
        robot.interact(() -> x.set(10, 20)); // what the Zoomer does on a drag
        assertTrue(view.userZoomed());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, view::upToDate);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(10, x.getMin(), 1e-9, "the zoomed range stays");
        DoubleDataSet gpu0 = view.datasetFor(vm.gpuSeries().get(0));
        assertEquals(9.95, gpu0.get(0, 0), 1e-9, "full resolution inside the zoom, from the point before it");
        robot.clickOn("#followNewest");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, view::upToDate);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(view.userZoomed());
        assertEquals(3999 * 0.05, x.getMax(), 1e-6);
    }

    @Test
    void withoutDecimationTheDatasetsHoldEveryPoint(FxRobot robot) throws Exception {
        AtomicReference<LiveRunView> raw = new AtomicReference<>();
        LiveRunViewModel rawVm = new LiveRunViewModel(Platform::runLater);
        robot.interact(() -> {
            raw.set(new LiveRunView(rawVm, false));
            Stage stage = new Stage();
            stage.setScene(dev.memlens.app.MemLensApp.styledScene(raw.get(), 800, 500));
            stage.show();
        });
        CountDownLatch started = new CountDownLatch(1);
        Thread sampler = feeder(rawVm, 3_000, started);
        sampler.start();
        sampler.join(60_000);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> rawVm.samplesReceivedProperty().get() == 6_000);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(3_000, raw.get().datasetFor(rawVm.gpuSeries().get(1)).getDataCount());
        assertEquals(3_000, raw.get().datasetFor(rawVm.totalSeries()).getDataCount());
        assertEquals(73.0, raw.get().datasetFor(rawVm.gpuSeries().get(1)).get(1, 2_999), 1e-9);
        robot.interact(() -> rawVm.unitProperty().set(dev.memlens.core.units.MemoryUnit.GB));
        assertEquals(73.0 * GIB / 1e9, raw.get().datasetFor(rawVm.gpuSeries().get(1)).get(1, 2_999), 1e-9);
        robot.interact(() -> raw.get().getScene().getWindow().hide());
    }
}
