package dev.memlens.app.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.memlens.core.report.GpuTimeline;
import dev.memlens.core.report.PhaseMark;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunStatus;
import dev.memlens.core.units.MemoryUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The crosshair readout of saved timelines, without the toolkit. */
class TimelineReadoutTest {
    private static final long GIB = 1L << 30;

    private static ProfileReport run(long[] millis, long[] used, List<PhaseMark> phases) {
        return ProfileReport.builder().status(RunStatus.COMPLETED, null)
                .timeline(List.of(new GpuTimeline(0, "GPU-0", "H200", millis, used))).phases(phases).build();
    }

    @Test
    void oneRunReadsTimeUsedAtTheLatestSampleAndPhase() {
        ProfileReport r = run(new long[] {0, 1_000, 2_000}, new long[] {GIB, 10 * GIB, 12 * GIB},
                List.of(new PhaseMark("loading", 0), new PhaseMark("kv-allocation", 1_500)));
        String at = TimelineReadout.at(1.7, MemoryUnit.GIB, List.of(new TimelineReadout.Run("", r)));
        assertEquals(List.of("t      1.7 s", "GPU 0  10.00 GiB", "phase  KV allocation"), at.lines().toList());
        assertNull(TimelineReadout.at(2.5, MemoryUnit.GIB, List.of(new TimelineReadout.Run("", r))), "after the run");
        assertNull(TimelineReadout.at(-1, MemoryUnit.GIB, List.of(new TimelineReadout.Run("", r))));
    }

    @Test
    void twoRunsLeadEachLineWithTheRunAndARunThatEndedDropsOut() {
        ProfileReport a = run(new long[] {0, 4_000}, new long[] {GIB, 2 * GIB}, List.of());
        ProfileReport b = run(new long[] {0, 1_000}, new long[] {3 * GIB, 4 * GIB}, List.of());
        List<TimelineReadout.Run> runs = List.of(new TimelineReadout.Run("A", a), new TimelineReadout.Run("B", b));
        String early = TimelineReadout.at(0.5, MemoryUnit.GIB, runs);
        assertEquals(List.of("t      0.5 s", "A · GPU 0  1.00 GiB", "B · GPU 0  3.00 GiB"), early.lines().toList());
        String late = TimelineReadout.at(3.0, MemoryUnit.GIB, runs);
        assertEquals(List.of("t      3.0 s", "A · GPU 0  1.00 GiB"), late.lines().toList(), "B ended at 1 s");
    }
}
