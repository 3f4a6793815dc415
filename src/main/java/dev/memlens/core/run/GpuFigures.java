package dev.memlens.core.run;

import java.util.List;

/**
 * The session's GPU measurements a workload needs to build its breakdown: per sampled GPU, the used memory at the
 * baseline and at the peak (in the order of the GPUs); both empty when no GPU could be sampled.
 */
public record GpuFigures(List<Long> baselineUsedBytes, List<Long> peakUsedBytes) {
    public GpuFigures {
        baselineUsedBytes = List.copyOf(baselineUsedBytes);
        peakUsedBytes = List.copyOf(peakUsedBytes);
    }

    public static GpuFigures none() {
        return new GpuFigures(List.of(), List.of());
    }

    /** Whether any GPU was sampled (by the timeline, the baseline or the final snapshot). */
    public boolean sampled() {
        return !peakUsedBytes.isEmpty();
    }

    /** Peak minus baseline per GPU: what the run added. */
    public List<Long> increasePerGpu() {
        java.util.List<Long> out = new java.util.ArrayList<>();
        for (int i = 0; i < peakUsedBytes.size(); i++) {
            long base = i < baselineUsedBytes.size() ? baselineUsedBytes.get(i) : 0;
            out.add(Math.max(0, peakUsedBytes.get(i) - base));
        }
        return out;
    }

    public long totalIncrease() {
        return increasePerGpu().stream().mapToLong(Long::longValue).sum();
    }
}
