package dev.memlens.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.memlens.core.report.GpuDevice;
import dev.memlens.core.report.GpuTimeline;
import dev.memlens.core.report.RunPeak;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsedAtRunPeakTest {
    private static final long GB = 1_000_000_000L;

    @Test
    void eachGpuHoldsItsLatestSampleAtTheSimultaneousPeakNotItsOwnPeak() {
        // GPU 0 peaks at 200 ms (10 GB), GPU 1 at 100 ms (9 GB); the sum peaks at 100 ms (6 + 9 = 15 > 10 + 3)
        GpuTimeline gpu0 = new GpuTimeline(0, "GPU-a", "H200", new long[] {0, 100, 200, 300},
                new long[] {5 * GB, 6 * GB, 10 * GB, 4 * GB});
        GpuTimeline gpu1 = new GpuTimeline(1, "GPU-b", "H200", new long[] {0, 100, 150},
                new long[] {5 * GB, 9 * GB, 3 * GB});
        List<GpuDevice> devices = List.of(new GpuDevice(0, "GPU-a", "H200", 140 * GB, 5 * GB, 10 * GB, 200L),
                new GpuDevice(1, "GPU-b", "H200", 140 * GB, 5 * GB, 9 * GB, 100L));
        RunPeak peak = RunPeak.of(List.of(gpu0, gpu1), devices);
        assertEquals(15 * GB, peak.peakBytes());

        List<Long> at = ReportAssembler.usedAt(peak.atMillis(), devices, List.of(gpu0, gpu1));

        assertEquals(List.of(6 * GB, 9 * GB), at, "GPU 0 at the run's peak, not at its own");
        assertEquals(peak.peakBytes(), at.get(0) + at.get(1), "the values at the peak add up to the run's peak");
    }

    @Test
    void withoutATimelineAGpuHoldsItsOwnPeak() {
        List<GpuDevice> devices = List.of(new GpuDevice(0, "GPU-a", "H200", 140 * GB, 5 * GB, 8 * GB, null));
        assertEquals(List.of(8 * GB), ReportAssembler.usedAt(null, devices, List.of()));
    }
}
