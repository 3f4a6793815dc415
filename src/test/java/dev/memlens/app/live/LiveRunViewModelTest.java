package dev.memlens.app.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.run.RunPhase;
import dev.memlens.core.units.MemoryUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The live chart's ViewModel without the toolkit: drains run when the test says so. */
class LiveRunViewModelTest {
    private static final long GIB = 1L << 30;

    /** Collects the drains the ViewModel asks for, to run them like the FX thread would. */
    private static final class ManualUiThread implements java.util.concurrent.Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable task) {
            tasks.add(task);
        }

        synchronized int pending() {
            return tasks.size();
        }

        void runAll() {
            Runnable r;
            while ((r = poll()) != null) {
                r.run();
            }
        }

        private synchronized Runnable poll() {
            return tasks.poll();
        }
    }

    /** Records what a chart would be told. */
    private static final class RecordingSink implements LiveSeriesSink {
        final List<String> events = new ArrayList<>();

        @Override
        public void runReset(String title) {
            events.add("reset " + title);
        }

        @Override
        public void seriesAdded(LiveSeries series) {
            events.add("added " + series.key());
        }

        @Override
        public void pointsAppended(LiveSeries series, int fromIndex) {
            events.add("points " + series.key() + " " + fromIndex + ".." + series.size());
        }
    }

    private final ManualUiThread ui = new ManualUiThread();
    private final LiveRunViewModel vm = new LiveRunViewModel(ui);

    private static GpuSample sample(int gpu, long usedBytes) {
        return GpuSample.of(0, gpu, "GPU-uuid-" + gpu, "NVIDIA H100", usedBytes, 80 * GIB, null, null, null);
    }

    /** Every GPU reports at each tick of 50 ms. */
    private void ticks(int gpus, int fromTick, int toTick, long baseBytes, long stepBytes) {
        for (int t = fromTick; t < toTick; t++) {
            for (int g = 0; g < gpus; g++) {
                vm.onSample(sample(g, baseBytes + t * stepBytes + g), t * 50L);
            }
        }
    }

    @Test
    void samplesOfEveryGpuBecomeOneSeriesEachAndATotalPerTick() {
        RecordingSink sink = new RecordingSink();
        vm.setSink(sink);
        ticks(2, 0, 3, GIB, GIB);
        ui.runAll();
        assertEquals(2, vm.gpuSeries().size());
        LiveSeries gpu1 = vm.gpuSeries().get(1);
        assertEquals(3, gpu1.size());
        assertEquals(0.1, gpu1.seconds(2), 1e-9);
        assertEquals(3 * GIB + 1, gpu1.value(2), 0.5);
        LiveSeries total = vm.totalSeries();
        assertEquals(3, total.size(), "one total point per tick once both GPUs reported");
        assertEquals(2 * GIB + 1, total.value(0), 0.5);
        assertEquals(6 * GIB + 1, total.value(2), 0.5);
        assertEquals(6, vm.samplesReceivedProperty().get());
        assertTrue(sink.events.contains("added GPU-uuid-0"));
        assertTrue(sink.events.contains("points total 0..3"));
        assertEquals("GPU 1 NVIDIA H100", vm.gpus().get(1).label());
    }

    @Test
    void manySamplesAskForOneDrainOnly() {
        ticks(8, 0, 200, GIB, 1000);
        assertEquals(1, ui.pending(), "1600 samples, one pending UI task");
        ui.runAll();
        ticks(8, 200, 201, GIB, 1000);
        assertEquals(1, ui.pending());
        ui.runAll();
        assertEquals(201, vm.gpuSeries().get(7).size());
    }

    @Test
    void baselineIsTheFirstSamplesAndPeakTheHighestTotal() {
        vm.onSample(sample(0, 2 * GIB), 0);
        vm.onSample(sample(1, 3 * GIB), 0);
        vm.onSample(sample(0, 30 * GIB), 50);
        vm.onSample(sample(1, 31 * GIB), 50);
        vm.onSample(sample(0, 20 * GIB), 100);
        vm.onSample(sample(1, 21 * GIB), 100);
        ui.runAll();
        assertEquals(5 * GIB, vm.baselineTotalBytesProperty().get());
        assertEquals(61 * GIB, vm.peakTotalBytesProperty().get());
        assertEquals(41 * GIB, vm.latestTotalBytesProperty().get());
        GpuReading gpu0 = vm.gpus().get(0);
        assertEquals(2 * GIB, gpu0.baselineBytes());
        assertEquals(30 * GIB, gpu0.peakBytes());
        assertEquals(20 * GIB, gpu0.latestBytes());
        assertEquals(80 * GIB, gpu0.totalBytes());
        assertEquals("now 41.00 GiB · peak 61.00 GiB", vm.summaryTextProperty().get());
        vm.unitProperty().set(MemoryUnit.GB);
        assertEquals("now 44.02 GB · peak 65.50 GB", vm.summaryTextProperty().get());
    }

    @Test
    void aSingleGpuHasItsPeakBeforeTheTotalIsKnown() {
        vm.onSample(sample(0, 5 * GIB), 0);
        ui.runAll();
        assertEquals(5 * GIB, vm.peakTotalBytesProperty().get());
        assertEquals(5 * GIB, vm.baselineTotalBytesProperty().get());
        assertEquals(0, vm.totalSeries().size());
    }

    @Test
    void phasesAreListedWithTheirStartAndTheNewestIsCurrent() {
        vm.onPhase(RunPhase.LOADING, 1_000);
        vm.onPhase(RunPhase.KV_ALLOCATION, 12_500);
        assertNull(vm.currentPhaseProperty().get(), "nothing shows before the drain");
        ui.runAll();
        assertEquals(RunPhase.KV_ALLOCATION, vm.currentPhaseProperty().get());
        assertEquals(List.of(new LivePhase(RunPhase.LOADING, 1.0), new LivePhase(RunPhase.KV_ALLOCATION, 12.5)),
                vm.phases());
        assertEquals(12.5, vm.latestSecondsProperty().get(), 1e-9);
    }

    @Test
    void kvUsageIsAFractionSeriesWithBytesWhenGiven() {
        vm.onKvUsage(1_000, 0.25, null);
        vm.onKvUsage(2_000, 1.7, 4 * GIB);
        ui.runAll();
        LiveSeries kv = vm.kvSeries();
        assertEquals(2, kv.size());
        assertEquals(0.25, kv.value(0), 1e-12);
        assertEquals(1.0, kv.value(1), 1e-12, "clamped to 100 %");
        assertEquals(1.0, vm.kvUsageFractionProperty().get(), 1e-12);
        assertEquals(4 * GIB, vm.kvBytesInUseProperty().get());
        assertTrue(vm.allSeries().contains(kv));
        vm.onKvUsage(3_000, 0.5, null);
        ui.runAll();
        assertNull(vm.kvBytesInUseProperty().get());
    }

    @Test
    void resetForgetsTheRunAndTellsTheSink() {
        RecordingSink sink = new RecordingSink();
        vm.setSink(sink);
        ticks(2, 0, 5, GIB, GIB);
        vm.onPhase(RunPhase.LOADING, 0);
        vm.onKvUsage(100, 0.3, null);
        ui.runAll();
        vm.onSample(sample(0, 99 * GIB), 300); // pending when the new run starts: dropped
        vm.reset("run 2");
        ui.runAll();
        assertEquals("run 2", vm.titleProperty().get());
        assertTrue(vm.gpuSeries().isEmpty());
        assertEquals(0, vm.totalSeries().size());
        assertEquals(0, vm.kvSeries().size());
        assertTrue(vm.phases().isEmpty());
        assertNull(vm.currentPhaseProperty().get());
        assertEquals(-1, vm.peakTotalBytesProperty().get());
        assertTrue(Double.isNaN(vm.kvUsageFractionProperty().get()));
        assertEquals("reset run 2", sink.events.get(sink.events.size() - 1));
        vm.onSample(sample(5, 7 * GIB), 0);
        ui.runAll();
        assertEquals(1, vm.gpuSeries().size());
        assertEquals(7 * GIB, vm.peakTotalBytesProperty().get());
        assertEquals(5, vm.gpus().get(0).index());
    }

    @Test
    void followShowsTheNewestWindowAndWholeRunFromTheStart() {
        ticks(1, 0, 6001, GIB, 0); // 300 s
        ui.runAll();
        assertEquals(new LiveRunViewModel.TimeRange(180, 300), vm.visibleRange());
        vm.followWindowSecondsProperty().set(30);
        assertEquals(new LiveRunViewModel.TimeRange(270, 300), vm.visibleRange());
        vm.followNewestProperty().set(false);
        assertEquals(new LiveRunViewModel.TimeRange(0, 300), vm.visibleRange());
    }

    @Test
    void theWholeRunRangeGrowsInSteps() {
        assertEquals(10, LiveRunViewModel.roundUpForWholeRun(0.5), 1e-9);
        assertEquals(13, LiveRunViewModel.roundUpForWholeRun(12.3), 1e-9);
        assertEquals(300, LiveRunViewModel.roundUpForWholeRun(300), 1e-9);
        assertEquals(3700, LiveRunViewModel.roundUpForWholeRun(3601), 1e-9);
        ticks(1, 0, 2001, GIB, 0); // 100 s
        ui.runAll();
        vm.followNewestProperty().set(false);
        assertEquals(new LiveRunViewModel.TimeRange(0, 100), vm.visibleRange());
        vm.onSample(sample(0, GIB), 100_050);
        ui.runAll();
        assertEquals(new LiveRunViewModel.TimeRange(0, 110), vm.visibleRange());
    }

    @Test
    void earlyInARunFollowShowsTheWholeWindowFromZero() {
        ticks(1, 0, 201, GIB, 0); // 10 s
        ui.runAll();
        assertEquals(new LiveRunViewModel.TimeRange(0, 120), vm.visibleRange());
    }

    @Test
    void samplerThreadsAndADrainingThreadTogetherLoseNothing() throws Exception {
        ExecutorService uiThread = Executors.newSingleThreadExecutor();
        LiveRunViewModel shared = new LiveRunViewModel(uiThread);
        int gpus = 8;
        int perGpu = 2_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> samplers = new ArrayList<>();
        for (int g = 0; g < gpus; g++) {
            int gpu = g;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perGpu; i++) {
                    shared.onSample(sample(gpu, GIB + i), i * 50L);
                }
            });
            t.start();
            samplers.add(t);
        }
        go.countDown();
        for (Thread t : samplers) {
            t.join(30_000);
        }
        uiThread.submit(shared::drain).get(30, TimeUnit.SECONDS);
        uiThread.shutdown();
        assertTrue(uiThread.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(gpus, shared.gpuSeries().size());
        for (LiveSeries s : shared.gpuSeries()) {
            assertEquals(perGpu, s.size(), s.label());
            for (int i = 1; i < s.size(); i++) {
                assertTrue(s.seconds(i) >= s.seconds(i - 1), "times never go backwards");
            }
        }
        assertEquals((long) gpus * perGpu, shared.samplesReceivedProperty().get());
        assertTrue(shared.totalSeries().size() > 0);
    }
}
