package dev.memlens.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.memlens.core.gpu.GpuProcessSample;
import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.gpu.SamplingLog;
import dev.memlens.core.report.ProcessMemory;
import dev.memlens.core.report.RunPeak;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recorder keeps each GPU process's own peak and what it held when the GPUs together held most. */
class TimelineRecorderProcessesTest {
    private static final long MIB = 1024L * 1024;
    private static final String UUID0 = "GPU-0000";
    private static final String UUID1 = "GPU-1111";

    private static GpuSample sample(long t, int index, String uuid, long usedMib) {
        return new GpuSample(t, index, uuid, "NVIDIA H200", usedMib * MIB, 143_771L * MIB, null, null, null,
                GpuSample.MemoryBasis.DEVICE);
    }

    private static GpuProcessSample process(long t, long pid, String name, Long usedMib, Integer index) {
        return new GpuProcessSample(t, pid, name, usedMib == null ? null : usedMib * MIB, null, index);
    }

    @Test
    void eachProcessKeepsItsPeakAndWhatItHeldAtTheRunsPeak() {
        List<List<GpuProcessSample>> forwarded = new ArrayList<>();
        TimelineRecorder recorder = new TimelineRecorder(1000, new SessionListener() {
            @Override
            public void onProcesses(long timestampMillis, List<GpuProcessSample> processes) {
                forwarded.add(processes);
            }
        }, null, new SamplingLog("stand-in", 100, 1000));
        // t=1100: the engine loads on both GPUs; a helper holds 900 MiB on GPU 0
        recorder.onSample(sample(1100, 0, UUID0, 40_000));
        recorder.onSample(sample(1100, 1, UUID1, 39_000));
        recorder.onProcesses(1100, List.of(process(1100, 4242, "python3", 38_000L, 0),
                process(1100, 4242, "python3", 38_500L, 1), process(1100, 77, "helper", 900L, 0)));
        // t=1200: the GPUs together hold most (130,000 MiB); the helper has ended
        recorder.onSample(sample(1200, 0, UUID0, 65_000));
        recorder.onSample(sample(1200, 1, UUID1, 65_000));
        recorder.onProcesses(1200, List.of(process(1200, 4242, "python3", 64_000L, 0),
                process(1200, 4242, "python3", 64_200L, 1)));
        // t=1300: GPU 0's process grows past its value at the run's peak while GPU 1 frees more than that
        recorder.onSample(sample(1300, 0, UUID0, 66_000));
        recorder.onSample(sample(1300, 1, UUID1, 20_000));
        recorder.onProcesses(1300, List.of(process(1300, 4242, "python3", 65_000L, 0),
                process(1300, 4242, "python3", 19_000L, 1), process(1300, 88, null, null, 1)));

        assertEquals(3, forwarded.size(), "every poll still goes to the live view");
        assertEquals(List.of(
                        new ProcessMemory(4242, "python3", 0, UUID0, 64_000 * MIB, 65_000 * MIB),
                        new ProcessMemory(4242, "python3", 1, UUID1, 64_200 * MIB, 64_200 * MIB),
                        new ProcessMemory(77, "helper", 0, UUID0, null, 900 * MIB),
                        new ProcessMemory(88, null, 1, UUID1, null, null)),
                recorder.processes(RunPeak.of(recorder.timelines(), List.of()).atMillis()));
    }

    @Test
    void aRunWithoutProcessPollsHasNoProcesses() {
        TimelineRecorder recorder = new TimelineRecorder(0, new SessionListener() {
        }, null, new SamplingLog("stand-in", 100, 0));
        recorder.onSample(sample(10, 0, UUID0, 1000));
        assertEquals(List.of(), recorder.processes(RunPeak.of(recorder.timelines(), List.of()).atMillis()));
    }
}
