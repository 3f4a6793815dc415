package dev.memlens.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.gpu.GpuProcessSample;
import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.gpu.SamplingLog;
import dev.memlens.core.report.ProcessMemory;
import dev.memlens.core.report.RunPeak;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The processes "at the peak" are those of the run's one peak moment, as {@link RunPeak} defines it. */
class ProcessPeakTest {
    private static final long GB = 1_000_000_000L;

    private static GpuProcessSample process(long at, long pid, long bytes, int gpu) {
        return new GpuProcessSample(at, pid, "python3", bytes, "GPU-" + gpu, gpu);
    }

    private static GpuSample sample(long at, int gpu, long bytes) {
        return new GpuSample(at, gpu, "GPU-" + gpu, "NVIDIA H200", bytes, 143 * GB, null, null, null,
                GpuSample.MemoryBasis.DEVICE);
    }

    private static TimelineRecorder recorder(List<Long> forwarded) {
        return new TimelineRecorder(0, new SessionListener() {
            @Override
            public void onProcesses(long timestampMillis, List<GpuProcessSample> processes) {
                forwarded.add(timestampMillis);
            }
        }, null, new SamplingLog("test", 100, 0));
    }

    @Test
    void theProcessesAtThePeakAreThoseOfTheRunsPeakMomentNotThePollWhereTheyHeldMost() {
        List<Long> forwarded = new ArrayList<>();
        TimelineRecorder recorder = recorder(forwarded);
        assertTrue(recorder.processesAt(null).isEmpty());
        recorder.onSample(sample(100, 0, 40 * GB));
        recorder.onSample(sample(100, 1, 40 * GB));
        recorder.onProcesses(100, List.of(process(100, 7, 39 * GB, 0), process(100, 8, 39 * GB, 1)));
        // t=200: the GPUs together hold most (87 GB: 3 GB on GPU 0 belong to no process and are freed later)
        recorder.onSample(sample(200, 0, 45 * GB));
        recorder.onSample(sample(200, 1, 42 * GB));
        recorder.onProcesses(200, List.of(process(200, 7, 42 * GB, 0), process(200, 8, 41 * GB, 1)));
        // t=300: the processes together hold more (84 GB) but the GPUs less (86 GB)
        recorder.onSample(sample(300, 0, 44 * GB));
        recorder.onSample(sample(300, 1, 42 * GB));
        recorder.onProcesses(300, List.of(process(300, 7, 43 * GB, 0), process(300, 8, 41 * GB, 1)));
        recorder.onProcesses(400, List.of());

        assertEquals(List.of(100L, 200L, 300L, 400L), forwarded, "every poll still goes to the live view");
        RunPeak peak = RunPeak.of(recorder.timelines(), List.of());
        assertEquals(200L, peak.atMillis());
        List<GpuProcessSample> atPeak = recorder.processesAt(peak.atMillis());
        assertEquals(List.of(process(200, 7, 42 * GB, 0), process(200, 8, 41 * GB, 1)), atPeak);
        assertEquals(List.of(new ProcessMemory(7, "python3", 0, "GPU-0", 42 * GB, 43 * GB),
                new ProcessMemory(8, "python3", 1, "GPU-1", 41 * GB, 41 * GB)), recorder.processes(peak.atMillis()),
                "the report's processes section (and the app's Processes tab) read the same moment");
        GpuFigures figures = new GpuFigures(List.of(40 * GB, 40 * GB), List.of(45 * GB, 42 * GB), 87 * GB,
                List.of(45 * GB, 42 * GB), atPeak);
        assertEquals(83 * GB, figures.processBytesAtRunPeak().getAsLong());
        assertEquals(Optional.of(List.of(42 * GB, 41 * GB)), figures.processBytesPerGpuAtRunPeak());
    }

    @Test
    void aPollBeforeTheFirstOneCountsTheFirstAndAnUnknownMomentTheLast() {
        TimelineRecorder recorder = recorder(new ArrayList<>());
        recorder.onProcesses(500, List.of(process(500, 7, 10 * GB, 0)));
        recorder.onProcesses(600, List.of(process(600, 7, 10 * GB, 0))); // the same poll again: kept once
        recorder.onProcesses(700, List.of(process(700, 7, 12 * GB, 0)));
        assertEquals(List.of(process(500, 7, 10 * GB, 0)), recorder.processesAt(100L), "polling began after the peak");
        assertEquals(List.of(process(500, 7, 10 * GB, 0)), recorder.processesAt(650L), "the poll in effect then");
        assertEquals(List.of(process(700, 7, 12 * GB, 0)), recorder.processesAt(null), "no timeline: the last poll");
    }

    @Test
    void processesArePlacedOnTheirGpusByIndexOrUuidAndOtherwiseNotPerGpu() {
        List<Long> used = List.of(50 * GB, 30 * GB);
        GpuFigures byUuid = new GpuFigures(List.of(2, 5), java.util.Arrays.asList("GPU-a", "GPU-b"), used, used,
                80 * GB, used, List.of(new GpuProcessSample(1, 7, "vllm", 20 * GB, "GPU-b", null),
                        new GpuProcessSample(1, 8, "vllm", 40 * GB, "GPU-a", 2)));
        assertEquals(Optional.of(List.of(40 * GB, 20 * GB)), byUuid.processBytesPerGpuAtRunPeak());
        GpuFigures unplaced = new GpuFigures(used, used, 80 * GB, used,
                List.of(new GpuProcessSample(1, 7, "vllm", 20 * GB, null, null)));
        assertEquals(20 * GB, unplaced.processBytesAtRunPeak().getAsLong());
        assertTrue(unplaced.processBytesPerGpuAtRunPeak().isEmpty(), "on two GPUs a process without GPU is not placed");
    }

    @Test
    void aProcessWithoutItsMemoryGivesNoPerProcessTotal() {
        GpuFigures figures = new GpuFigures(List.of(GB), List.of(2 * GB), 2 * GB, List.of(2 * GB),
                List.of(new GpuProcessSample(1, 7, "python3", null, "GPU-0", 0)));
        assertTrue(figures.processBytesAtRunPeak().isEmpty(), "Windows WDDM's [N/A] is not 0");
        assertTrue(figures.processBytesPerGpuAtRunPeak().isEmpty());
    }
}
