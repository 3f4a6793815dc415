package dev.memlens.core.run;

import java.util.ArrayList;
import java.util.List;

/**
 * The session's GPU measurements a workload needs to build its account: per sampled GPU, the used memory at the
 * baseline and at its own peak (in the order of the GPUs), and the run's peak as {@link dev.memlens.core.report.RunPeak}
 * defines it (the simultaneous sum); the lists are empty when no GPU could be sampled.
 */
public record GpuFigures(List<Long> baselineUsedBytes, List<Long> peakUsedBytes, long runPeakBytes) {
    public GpuFigures {
        baselineUsedBytes = List.copyOf(baselineUsedBytes);
        peakUsedBytes = List.copyOf(peakUsedBytes);
    }

    /** One GPU, or GPUs whose peaks coincide: the run's peak is the sum of the per-GPU peaks. */
    public GpuFigures(List<Long> baselineUsedBytes, List<Long> peakUsedBytes) {
        this(baselineUsedBytes, peakUsedBytes, peakUsedBytes.stream().mapToLong(Long::longValue).sum());
    }

    public static GpuFigures none() {
        return new GpuFigures(List.of(), List.of(), 0);
    }

    /** Whether any GPU was sampled (by the timeline, the baseline or the final snapshot). */
    public boolean sampled() {
        return !peakUsedBytes.isEmpty();
    }

    public long baselineBytes() {
        return baselineUsedBytes.stream().mapToLong(Long::longValue).sum();
    }

    /** Peak minus baseline per GPU: what the run added on each. */
    public List<Long> increasePerGpu() {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < peakUsedBytes.size(); i++) {
            long base = i < baselineUsedBytes.size() ? baselineUsedBytes.get(i) : 0;
            out.add(Math.max(0, peakUsedBytes.get(i) - base));
        }
        return out;
    }

    /** What the run's engine held at the run's peak: the run's peak minus the baseline (never below 0). */
    public long totalIncrease() {
        return Math.max(0, runPeakBytes - baselineBytes());
    }
}
