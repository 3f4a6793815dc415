package dev.memlens.app.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.app.live.EngineLogBudget;
import dev.memlens.core.units.MemoryUnit;
import dev.memlens.testutil.Resources;
import java.nio.file.Files;
import java.util.List;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.Test;

/** The capacity and budget lines: per GPU and summed, with the share's source in the label. */
class CapacityLinesTest {
    private static final long GIB = 1L << 30;

    private static List<String> names(List<TimelineOverlay.Level> levels) {
        return levels.stream().map(TimelineOverlay.Level::name).toList();
    }

    @Test
    void oneGpuHasItsCapacityAndTheBudgetWithItsSource() {
        List<TimelineOverlay.Level> levels = CapacityLines.levels(List.of(80 * GIB), EngineBudget.vllmDefault(),
                MemoryUnit.GIB);
        assertEquals(List.of("GPU capacity 80.00 GiB",
                "engine budget 0.92 × 80.00 = 73.60 GiB (today's vLLM default, not yet in the log)"), names(levels));
        assertEquals(73.6, levels.get(1).value(), 1e-6);
    }

    @Test
    void severalGpusGetPerGpuLinesAndSummedLinesForTheTotalCurve() {
        List<TimelineOverlay.Level> levels = CapacityLines.levels(List.of(80_000_000_000L, 80_000_000_000L),
                EngineBudget.fromLog(0.95), MemoryUnit.GB);
        assertEquals(List.of("capacity per GPU 80.00 GB",
                "engine budget per GPU 0.95 × 80.00 = 76.00 GB (from the vLLM log)",
                "capacity of 2 GPUs 160.00 GB",
                "engine budget of 2 GPUs 0.95 × 160.00 = 152.00 GB (from the vLLM log)"), names(levels));
        assertEquals(152.0, levels.get(3).value(), 1e-9);
    }

    @Test
    void noCapacityNoLinesAndNoBudgetOnlyTheCapacity() {
        assertTrue(CapacityLines.levels(List.of(), EngineBudget.vllmDefault(), MemoryUnit.GIB).isEmpty());
        assertEquals(List.of("GPU capacity 80.00 GiB"), names(CapacityLines.levels(List.of(80 * GIB), null,
                MemoryUnit.GIB)));
        assertThrows(IllegalArgumentException.class, () -> EngineBudget.fromArguments(1.5));
    }

    @Test
    void theLogsShareReplacesTheDefaultButNeverTheRunsArguments() throws Exception {
        List<String> log = Files.readAllLines(Resources.path("run/bench/startup.log"));
        SimpleObjectProperty<EngineBudget> budget = new SimpleObjectProperty<>(EngineBudget.vllmDefault());
        EngineLogBudget reader = new EngineLogBudget(Runnable::run, budget);
        log.forEach(line -> reader.onLogLine("stderr", line));
        assertEquals(EngineBudget.fromLog(0.95), budget.get(), "the log says Requested memory: 0.950000 (util)");

        budget.set(EngineBudget.fromArguments(0.8));
        reader.reset();
        log.forEach(line -> reader.onLogLine("stderr", line));
        assertEquals(EngineBudget.fromArguments(0.8), budget.get());
    }
}
