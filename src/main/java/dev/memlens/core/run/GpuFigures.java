package dev.memlens.core.run;

import dev.memlens.core.gpu.GpuProcessSample;
import java.util.ArrayList;
import java.util.List;

/**
 * The session's GPU measurements a workload needs to build its account: per sampled GPU, the used memory at the
 * baseline, at its own peak and at the run's peak moment (in the order of the GPUs), and the run's peak as
 * {@link dev.memlens.core.report.RunPeak} defines it (the simultaneous sum); the lists are empty when no GPU could be
 * sampled.
 */
public record GpuFigures(List<Long> baselineUsedBytes, List<Long> peakUsedBytes, long runPeakBytes,
                         List<Long> usedAtRunPeakBytes, List<GpuProcessSample> processesAtPeak) {
    public GpuFigures {
        baselineUsedBytes = List.copyOf(baselineUsedBytes);
        peakUsedBytes = List.copyOf(peakUsedBytes);
        usedAtRunPeakBytes = List.copyOf(usedAtRunPeakBytes);
        processesAtPeak = List.copyOf(processesAtPeak);
        if (usedAtRunPeakBytes.size() != peakUsedBytes.size()) {
            throw new IllegalArgumentException(peakUsedBytes.size() + " GPU peaks but " + usedAtRunPeakBytes.size()
                    + " values at the run's peak");
        }
    }

    /** Without per-process memory (the sampler has none, or listed no process). */
    public GpuFigures(List<Long> baselineUsedBytes, List<Long> peakUsedBytes, long runPeakBytes,
                      List<Long> usedAtRunPeakBytes) {
        this(baselineUsedBytes, peakUsedBytes, runPeakBytes, usedAtRunPeakBytes, List.of());
    }

    /**
     * The summed memory of the processes at their peak poll, when the sampler gave every process's memory; else
     * empty (no per-process memory, or a process shown as [N/A]).
     */
    public java.util.OptionalLong processPeakBytes() {
        if (processesAtPeak.isEmpty() || processesAtPeak.stream().anyMatch(p -> p.usedBytes() == null)) {
            return java.util.OptionalLong.empty();
        }
        return java.util.OptionalLong.of(processesAtPeak.stream().mapToLong(GpuProcessSample::usedBytes).sum());
    }

    /** GPUs whose peaks coincide with the run's: each GPU at the run's peak holds its own peak. */
    public GpuFigures(List<Long> baselineUsedBytes, List<Long> peakUsedBytes, long runPeakBytes) {
        this(baselineUsedBytes, peakUsedBytes, runPeakBytes, peakUsedBytes);
    }

    /** One GPU, or GPUs whose peaks coincide: the run's peak is the sum of the per-GPU peaks. */
    public GpuFigures(List<Long> baselineUsedBytes, List<Long> peakUsedBytes) {
        this(baselineUsedBytes, peakUsedBytes, peakUsedBytes.stream().mapToLong(Long::longValue).sum());
    }

    public static GpuFigures none() {
        return new GpuFigures(List.of(), List.of(), 0);
    }

    /** Each GPU's used memory at the run's peak moment minus its own baseline (never below 0). */
    public List<Long> increaseAtRunPeak() {
        return lessBaseline(usedAtRunPeakBytes);
    }

    /** Whether any GPU was sampled (by the timeline, the baseline or the final snapshot). */
    public boolean sampled() {
        return !peakUsedBytes.isEmpty();
    }

    public long baselineBytes() {
        return baselineUsedBytes.stream().mapToLong(Long::longValue).sum();
    }

    private List<Long> lessBaseline(List<Long> used) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < used.size(); i++) {
            long base = i < baselineUsedBytes.size() ? baselineUsedBytes.get(i) : 0;
            out.add(Math.max(0, used.get(i) - base));
        }
        return out;
    }

    /** What the run's engine held at the run's peak: the run's peak minus the baseline (never below 0). */
    public long totalIncrease() {
        return Math.max(0, runPeakBytes - baselineBytes());
    }
}
