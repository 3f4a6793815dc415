package dev.memlens.core.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.memlens.core.units.MemoryUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelinePlotTest {
    private static final long GIB = 1L << 30;

    private static ProfileReport report(List<GpuTimeline> timeline, List<PhaseMark> phases) {
        return ProfileReport.builder().status(RunStatus.COMPLETED, null).mode(RunMode.BENCH).timeline(timeline)
                .phases(phases).build();
    }

    @Test
    void twoGpusOnOneClockGetATotalLine() {
        ProfileReport r = report(List.of(
                new GpuTimeline(0, null, "A", new long[] {0, 1000}, new long[] {GIB, 2 * GIB}),
                new GpuTimeline(1, null, "B", new long[] {0, 1000}, new long[] {GIB, 3 * GIB})), List.of());
        List<TimelinePlot.Line> lines = TimelinePlot.lines(r, MemoryUnit.GIB);
        assertEquals(List.of("GPU 0 A", "GPU 1 B", "total"), lines.stream().map(TimelinePlot.Line::name).toList());
        assertArrayEquals(new double[] {2, 5}, lines.get(2).values(), 1e-12);
        assertEquals(5.0, lines.get(2).max(), 1e-12);
    }

    @Test
    void differentSampleCountsGetNoTotal() {
        ProfileReport r = report(List.of(
                new GpuTimeline(0, null, null, new long[] {0, 1000}, new long[] {GIB, GIB}),
                new GpuTimeline(1, null, null, new long[] {0}, new long[] {GIB})), List.of());
        assertEquals(2, TimelinePlot.lines(r, MemoryUnit.GIB).size());
    }

    @Test
    void bandsSkipIdleAndEmptyPhasesAndEndAtTheLastSample() {
        ProfileReport r = report(List.of(new GpuTimeline(0, null, null, new long[] {0, 5000}, new long[] {0, GIB})),
                List.of(new PhaseMark("idle", 0), new PhaseMark("loading", 1000), new PhaseMark("profiling", 1000),
                        new PhaseMark("measuring", 3000), new PhaseMark("done", 9000)));
        assertEquals(List.of(new TimelinePlot.Band("profiling", 1, 3), new TimelinePlot.Band("measuring", 3, 5)),
                TimelinePlot.bands(r));
    }
}
