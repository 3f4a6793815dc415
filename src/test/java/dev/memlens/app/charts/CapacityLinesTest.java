package dev.memlens.app.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.units.MemoryUnit;
import dev.memlens.core.vllm.breakdown.EngineBudget;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The capacity and budget lines: per GPU and summed, with the share's source in the label. */
class CapacityLinesTest {
    private static final long GIB = 1L << 30;

    private static List<String> names(List<TimelineOverlay.Level> levels) {
        return levels.stream().map(TimelineOverlay.Level::name).toList();
    }

    @Test
    void oneGpuHasItsCapacityAndTheBudgetWithItsSource() {
        List<TimelineOverlay.Level> levels = CapacityLines.levels(List.of(80 * GIB), EngineBudget.versionDefault(null),
                MemoryUnit.GIB);
        assertEquals(List.of("GPU capacity 80.00 GiB",
                "engine budget 0.92 × 80.00 = 73.60 GiB (the newest vLLM's default, not yet in the log)"), names(levels));
        assertEquals(73.6, levels.get(1).value(), 1e-6);
        assertEquals("engine budget 0.90 × 80.00 = 72.00 GiB (vLLM 0.19.1's default, not yet in the log)",
                names(CapacityLines.levels(List.of(80 * GIB), EngineBudget.versionDefault("0.19.1"), MemoryUnit.GIB)).get(1));
    }

    @Test
    void severalGpusGetPerGpuLinesAndSummedLinesForTheTotalCurve() {
        List<TimelineOverlay.Level> levels = CapacityLines.levels(List.of(80_000_000_000L, 80_000_000_000L),
                EngineBudget.fromLog(0.95).onGpus(2), MemoryUnit.GB);
        assertEquals(List.of("capacity per GPU 80.00 GB",
                "engine budget per GPU 0.95 × 80.00 = 76.00 GB (from the vLLM log)",
                "capacity of 2 GPUs 160.00 GB",
                "engine budget of 2 GPUs 0.95 × 160.00 = 152.00 GB (from the vLLM log)"), names(levels));
        assertEquals(152.0, levels.get(3).value(), 1e-9);
    }

    @Test
    void vllmsOwnPerGpuBytesFromItsLogAreDrawnAsTheyAreNotRecomputedFromTheCapacity() {
        long logged = 75 * GIB;
        List<TimelineOverlay.Level> levels = CapacityLines.levels(List.of(80 * GIB, 80 * GIB),
                EngineBudget.fromLog(0.95).withPerGpuBytes(logged).onGpus(2), MemoryUnit.GIB);
        assertEquals(List.of("capacity per GPU 80.00 GiB",
                "engine budget per GPU 0.95 → 75.00 GiB (from the vLLM log)",
                "capacity of 2 GPUs 160.00 GiB",
                "engine budget of 2 GPUs 2 × 75.00 = 150.00 GiB (from the vLLM log)"), names(levels));
        assertEquals(150.0, levels.get(3).value(), 1e-9);
        assertEquals("engine budget 0.90 → 75.00 GiB (vLLM's log; share from --gpu-memory-utilization)",
                names(CapacityLines.levels(List.of(80 * GIB), EngineBudget.fromArguments(0.9).withPerGpuBytes(logged),
                        MemoryUnit.GIB)).get(1));
        assertEquals("engine budget 75.00 GiB (from the vLLM log)", names(CapacityLines.levels(List.of(80 * GIB),
                new EngineBudget(null, EngineBudget.Source.ENGINE_LOG, null, logged), MemoryUnit.GIB)).get(1),
                "a saved report that keeps only vLLM's requested bytes");
    }

    @Test
    void theBudgetCountsTheGpusVllmBudgetsNotTheGpusSampled() {
        List<Long> two = List.of(80_000_000_000L, 80_000_000_000L);
        assertEquals(List.of("capacity per GPU 80.00 GB",
                "engine budget on 1 of 2 GPUs 0.95 × 80.00 = 76.00 GB (from the vLLM log)",
                "capacity of 2 GPUs 160.00 GB"), names(CapacityLines.levels(two, EngineBudget.fromLog(0.95),
                MemoryUnit.GB)), "tensor parallel 1 on two sampled GPUs: vLLM budgets one, so no budget of two");
        List<Long> four = List.of(80_000_000_000L, 80_000_000_000L, 80_000_000_000L, 80_000_000_000L);
        List<TimelineOverlay.Level> tp2 = CapacityLines.levels(four, EngineBudget.fromLog(0.95).onGpus(2),
                MemoryUnit.GB);
        assertEquals(List.of("capacity per GPU 80.00 GB",
                "engine budget per GPU on 2 of 4 GPUs 0.95 × 80.00 = 76.00 GB (from the vLLM log)",
                "capacity of 4 GPUs 320.00 GB",
                "engine budget of 2 GPUs 0.95 × 160.00 = 152.00 GB (from the vLLM log)"), names(tp2));
        assertEquals(152.0, tp2.get(3).value(), 1e-9);
        assertEquals("engine budget of 4 GPUs 4 × 75.00 = 300.00 GiB (vLLM's log; share from --gpu-memory-utilization)",
                names(CapacityLines.levels(List.of(80 * GIB, 80 * GIB, 80 * GIB, 80 * GIB),
                        EngineBudget.fromArguments(0.9).withPerGpuBytes(75 * GIB).onGpus(4), MemoryUnit.GIB)).get(3));
    }

    @Test
    void aReopenedReportsBudgetNamesTheShareItsVllmLogGave() {
        long logged = Math.round(0.95 * Math.round(79.19 * GIB));
        assertEquals("engine budget 0.95 → 75.23 GiB (from the vLLM log)", names(CapacityLines.levels(
                List.of(Math.round(79.19 * GIB)), EngineBudget.fromLog(0.95).withPerGpuBytes(logged),
                MemoryUnit.GIB)).get(1));
    }

    @Test
    void noCapacityNoLinesAndNoBudgetOnlyTheCapacity() {
        assertTrue(CapacityLines.levels(List.of(), EngineBudget.versionDefault(null), MemoryUnit.GIB).isEmpty());
        assertEquals(List.of("GPU capacity 80.00 GiB"), names(CapacityLines.levels(List.of(80 * GIB), null,
                MemoryUnit.GIB)));
        assertThrows(IllegalArgumentException.class, () -> EngineBudget.fromArguments(1.5));
    }
}
