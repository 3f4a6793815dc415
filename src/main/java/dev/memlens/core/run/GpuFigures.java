package dev.memlens.core.run;

import dev.memlens.core.gpu.GpuProcessSample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.IntStream;

/**
 * The session's GPU measurements a workload needs to build its account: per sampled GPU (in order, with its index and
 * UUID), the used memory at the baseline, at its own peak and at the run's peak moment; the run's peak as
 * {@link dev.memlens.core.report.RunPeak} defines it (the simultaneous sum); and the processes the sampler listed at
 * that moment. The lists are empty when no GPU could be sampled.
 */
public record GpuFigures(List<Integer> gpuIndexes, List<String> gpuUuids, List<Long> baselineUsedBytes,
                         List<Long> peakUsedBytes, long runPeakBytes, List<Long> usedAtRunPeakBytes,
                         List<GpuProcessSample> processesAtPeak) {
    public GpuFigures {
        gpuIndexes = List.copyOf(gpuIndexes);
        gpuUuids = Collections.unmodifiableList(new ArrayList<>(gpuUuids)); // a UUID may be unknown (null)
        baselineUsedBytes = List.copyOf(baselineUsedBytes);
        peakUsedBytes = List.copyOf(peakUsedBytes);
        usedAtRunPeakBytes = List.copyOf(usedAtRunPeakBytes);
        processesAtPeak = List.copyOf(processesAtPeak);
        if (usedAtRunPeakBytes.size() != peakUsedBytes.size() || gpuIndexes.size() != peakUsedBytes.size()
                || gpuUuids.size() != peakUsedBytes.size()) {
            throw new IllegalArgumentException(peakUsedBytes.size() + " GPU peaks but " + usedAtRunPeakBytes.size()
                    + " values at the run's peak, " + gpuIndexes.size() + " indexes and " + gpuUuids.size() + " UUIDs");
        }
    }

    /** GPUs 0..n-1 without UUIDs. */
    public GpuFigures(List<Long> baselineUsedBytes, List<Long> peakUsedBytes, long runPeakBytes,
                      List<Long> usedAtRunPeakBytes, List<GpuProcessSample> processesAtPeak) {
        this(IntStream.range(0, peakUsedBytes.size()).boxed().toList(),
                Collections.nCopies(peakUsedBytes.size(), null), baselineUsedBytes, peakUsedBytes, runPeakBytes,
                usedAtRunPeakBytes, processesAtPeak);
    }

    /** Without per-process memory (the sampler has none, or listed no process). */
    public GpuFigures(List<Long> baselineUsedBytes, List<Long> peakUsedBytes, long runPeakBytes,
                      List<Long> usedAtRunPeakBytes) {
        this(baselineUsedBytes, peakUsedBytes, runPeakBytes, usedAtRunPeakBytes, List.of());
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

    /**
     * The summed memory of the processes at the run's peak moment, when the sampler gave every process's memory; else
     * empty (no per-process memory, or a process shown as [N/A]).
     */
    public OptionalLong processBytesAtRunPeak() {
        if (processesAtPeak.isEmpty() || processesAtPeak.stream().anyMatch(p -> p.usedBytes() == null)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(processesAtPeak.stream().mapToLong(GpuProcessSample::usedBytes).sum());
    }

    /**
     * Per GPU (in order), the memory of the processes on it at the run's peak moment, adding up to
     * {@link #processBytesAtRunPeak()}; empty without that total or when a process cannot be placed on one of the
     * sampled GPUs (neither its index nor its UUID is known; on one GPU every process is on it).
     */
    public Optional<List<Long>> processBytesPerGpuAtRunPeak() {
        if (processBytesAtRunPeak().isEmpty()) {
            return Optional.empty();
        }
        long[] sums = new long[gpuIndexes.size()];
        for (GpuProcessSample p : processesAtPeak) {
            int at = positionOf(p);
            if (at < 0) {
                return Optional.empty();
            }
            sums[at] += p.usedBytes();
        }
        return Optional.of(java.util.Arrays.stream(sums).boxed().toList());
    }

    private int positionOf(GpuProcessSample p) {
        for (int i = 0; i < gpuIndexes.size(); i++) {
            if (p.gpuIndex() != null ? p.gpuIndex().equals(gpuIndexes.get(i))
                    : p.gpuUuid() != null && Objects.equals(p.gpuUuid(), gpuUuids.get(i))) {
                return i;
            }
        }
        return gpuIndexes.size() == 1 && p.gpuIndex() == null ? 0 : -1;
    }

    /** Each GPU's used memory at the run's peak moment minus its own baseline (never below 0). */
    public List<Long> increaseAtRunPeak() {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < usedAtRunPeakBytes.size(); i++) {
            long base = i < baselineUsedBytes.size() ? baselineUsedBytes.get(i) : 0;
            out.add(Math.max(0, usedAtRunPeakBytes.get(i) - base));
        }
        return out;
    }

    /** Whether any GPU was sampled (by the timeline, the baseline or the final snapshot). */
    public boolean sampled() {
        return !peakUsedBytes.isEmpty();
    }

    public long baselineBytes() {
        return baselineUsedBytes.stream().mapToLong(Long::longValue).sum();
    }

    /** What the run's engine held at the run's peak: the run's peak minus the baseline (never below 0). */
    public long totalIncrease() {
        return Math.max(0, runPeakBytes - baselineBytes());
    }
}
