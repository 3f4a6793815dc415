package dev.memlens.app.charts;

import dev.memlens.core.units.Format;
import dev.memlens.core.units.MemoryUnit;
import dev.memlens.core.vllm.breakdown.EngineBudget;
import java.util.ArrayList;
import java.util.List;

/**
 * The level lines of a memory timeline: each GPU's capacity and the engine's budget on it (share × capacity), and
 * with several GPUs, whose summed total is drawn too, the capacity of all of them together and the budget of the
 * GPUs vLLM budgets ({@link EngineBudget#gpus()}, not the GPUs sampled), so every curve has the lines that belong to
 * it. Each label says which it is and where the share came from.
 */
public final class CapacityLines {
    private CapacityLines() {
    }

    /**
     * @param gpuTotals each sampled GPU's installed memory (bytes), unknown ones left out; none: no lines
     * @param budget    the engine's share, or null when the run's engine has none or it is unknown
     */
    public static List<TimelineOverlay.Level> levels(List<Long> gpuTotals, EngineBudget budget, MemoryUnit unit) {
        List<TimelineOverlay.Level> levels = new ArrayList<>();
        if (gpuTotals.isEmpty()) {
            return levels;
        }
        List<Long> largestFirst = gpuTotals.stream().sorted(java.util.Comparator.reverseOrder()).toList();
        long largest = largestFirst.get(0);
        int sampled = gpuTotals.size();
        boolean several = sampled > 1;
        levels.add(new TimelineOverlay.Level((several ? "capacity per GPU " : "GPU capacity ") + amount(largest, unit),
                unit.fromBytes(largest), "level-capacity"));
        // vLLM budgets the GPUs it runs on (tensor × pipeline parallel), which may be fewer than those sampled
        int engine = budget == null ? 0 : budget.gpus();
        if (budget != null) {
            String what = !several ? "engine budget " : engine >= sampled ? "engine budget per GPU "
                    : engine == 1 ? "engine budget on 1 of " + sampled + " GPUs "
                    : "engine budget per GPU on " + engine + " of " + sampled + " GPUs ";
            levels.add(budgetLevel(what, largest, 1, budget, unit));
        }
        if (several) {
            long sum = gpuTotals.stream().mapToLong(Long::longValue).sum();
            levels.add(new TimelineOverlay.Level("capacity of " + sampled + " GPUs " + amount(sum, unit),
                    unit.fromBytes(sum), "level-capacity"));
        }
        if (budget != null && engine > 1 && several) {
            levels.add(budgetLevel("engine budget of " + engine + " GPUs ", capacityOf(largestFirst, engine), engine,
                    budget, unit));
        }
        return levels;
    }

    /** The installed memory of the {@code n} largest sampled GPUs, each GPU beyond those sampled as the largest. */
    private static long capacityOf(List<Long> largestFirst, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += largestFirst.get(Math.min(i, largestFirst.size() - 1));
        }
        return sum;
    }

    /**
     * The budget on {@code gpus} GPUs whose installed memory is {@code capacity} together: vLLM's own per-GPU figure
     * (× the GPUs) where its log gave it, else share × capacity, with the arithmetic in the label to check it by.
     */
    private static TimelineOverlay.Level budgetLevel(String what, long capacity, int gpus, EngineBudget budget,
                                                     MemoryUnit unit) {
        Long logged = budget.perGpuBytes();
        long bytes = logged == null ? budget.bytesOn(capacity) : logged * gpus;
        String arithmetic = logged == null ? budget.shareText() + " × " + number(capacity, unit) + " = "
                : gpus > 1 ? gpus + " × " + number(logged, unit) + " = "
                : budget.share() == null ? "" : budget.shareText() + " → ";
        String source = logged != null && budget.source() != EngineBudget.Source.ENGINE_LOG
                ? "vLLM's log; share " + budget.sourceLabel() : budget.sourceLabel();
        return new TimelineOverlay.Level(what + arithmetic + amount(bytes, unit) + " (" + source + ")",
                unit.fromBytes(bytes), "level-budget");
    }

    private static String number(long bytes, MemoryUnit unit) {
        return Format.number(bytes, unit);
    }

    private static String amount(long bytes, MemoryUnit unit) {
        return Format.size(bytes, unit);
    }
}
