package dev.memlens.app.charts;

import dev.memlens.core.units.Format;
import dev.memlens.core.units.MemoryUnit;
import dev.memlens.core.vllm.breakdown.EngineBudget;
import java.util.ArrayList;
import java.util.List;

/**
 * The level lines of a memory timeline: each GPU's capacity and the engine's budget on it (share × capacity), and
 * with several GPUs, whose summed total is drawn too, the same two lines for all of them together, so every curve
 * has the lines that belong to it. Each label says which it is and where the share came from.
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
        long largest = gpuTotals.stream().mapToLong(Long::longValue).max().orElseThrow();
        boolean several = gpuTotals.size() > 1;
        levels.add(new TimelineOverlay.Level((several ? "capacity per GPU " : "GPU capacity ") + amount(largest, unit),
                unit.fromBytes(largest), "level-capacity"));
        if (budget != null) {
            levels.add(budgetLevel(several ? "engine budget per GPU " : "engine budget ", largest, 1, budget, unit));
        }
        if (several) {
            long sum = gpuTotals.stream().mapToLong(Long::longValue).sum();
            String all = gpuTotals.size() + " GPUs";
            levels.add(new TimelineOverlay.Level("capacity of " + all + " " + amount(sum, unit), unit.fromBytes(sum),
                    "level-capacity"));
            if (budget != null) {
                levels.add(budgetLevel("engine budget of " + all + " ", sum, gpuTotals.size(), budget, unit));
            }
        }
        return levels;
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
