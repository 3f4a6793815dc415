package dev.memlens.core.report;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The measured breakdown: the four comparison components, the measured total (as the profiler defined it: a
 * device peak, or the sum) and the baseline, plus further named figures (kv_cache_allocated, cuda_graphs,
 * non_torch, multi_gpu_overhead...).
 */
public record MemoryBreakdown(Map<MemoryComponent, MeasuredFigure> components, MeasuredFigure total,
                              Long baselineBytes, Map<String, MeasuredFigure> details) {
    public MemoryBreakdown {
        EnumMap<MemoryComponent, MeasuredFigure> copy = new EnumMap<>(MemoryComponent.class);
        if (components != null) {
            copy.putAll(components);
        }
        components = Collections.unmodifiableMap(copy);
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static MemoryBreakdown empty() {
        return new MemoryBreakdown(Map.of(), null, null, Map.of());
    }

    public Optional<MeasuredFigure> component(MemoryComponent c) {
        return Optional.ofNullable(components.get(c));
    }

    public long componentBytes(MemoryComponent c) {
        MeasuredFigure f = components.get(c);
        return f == null ? 0 : f.bytes();
    }

    /** The measured total when the report has one, else the sum of the components (the comparison's rule). */
    public long actualTotalBytes() {
        if (total != null) {
            return total.bytes();
        }
        long sum = 0;
        for (MeasuredFigure f : components.values()) {
            sum += f.bytes();
        }
        return sum;
    }

    public boolean isEmpty() {
        return components.isEmpty() && total == null;
    }
}
