package dev.memlens.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.gpu.GpuProcessSample;
import dev.memlens.core.gpu.SamplingLog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessPeakTest {
    private static final long GB = 1_000_000_000L;

    private static GpuProcessSample process(long at, long pid, long bytes, int gpu) {
        return new GpuProcessSample(at, pid, "python3", bytes, "GPU-" + gpu, gpu);
    }

    @Test
    void theRecorderKeepsThePollWhoseProcessesHeldTheMostAndStillForwardsEveryPoll() {
        List<Long> forwarded = new ArrayList<>();
        TimelineRecorder recorder = new TimelineRecorder(0, new SessionListener() {
            @Override
            public void onProcesses(long timestampMillis, List<GpuProcessSample> processes) {
                forwarded.add(timestampMillis);
            }
        }, null, new SamplingLog("test", 100, 0));
        assertTrue(recorder.processesAtPeak().isEmpty());
        recorder.onProcesses(100, List.of(process(100, 7, 40 * GB, 0), process(100, 8, 40 * GB, 1)));
        recorder.onProcesses(200, List.of(process(200, 7, 42 * GB, 0), process(200, 8, 41 * GB, 1)));
        recorder.onProcesses(300, List.of(process(300, 7, 41 * GB, 0)));
        recorder.onProcesses(400, List.of());

        assertEquals(List.of(100L, 200L, 300L, 400L), forwarded);
        assertEquals(List.of(process(200, 7, 42 * GB, 0), process(200, 8, 41 * GB, 1)), recorder.processesAtPeak());
        GpuFigures figures = new GpuFigures(List.of(40 * GB, 40 * GB), List.of(43 * GB, 42 * GB), 84 * GB,
                List.of(42 * GB, 42 * GB), recorder.processesAtPeak());
        assertEquals(83 * GB, figures.processPeakBytes().getAsLong());
    }

    @Test
    void aProcessWithoutItsMemoryGivesNoPerProcessTotal() {
        GpuFigures figures = new GpuFigures(List.of(GB), List.of(2 * GB), 2 * GB, List.of(2 * GB),
                List.of(new GpuProcessSample(1, 7, "python3", null, "GPU-0", 0)));
        assertTrue(figures.processPeakBytes().isEmpty(), "Windows WDDM's [N/A] is not 0");
    }
}
