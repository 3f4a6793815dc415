package dev.memlens.core.report;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a calculator predicted: any of the four components and/or a total, in bytes, with where the values came
 * from ("manual", "llm-sizer", "memlens-estimator"...) and, for the built-in estimate, the formula behind each
 * figure (kept in the report, so a report reopened later still shows them).
 */
public record CalculatorValues(Map<MemoryComponent, Long> components, Long totalBytes, String source,
                               Map<MemoryComponent, String> formulas, String totalFormula) {
    public CalculatorValues(Map<MemoryComponent, Long> components, Long totalBytes, String source) {
        this(components, totalBytes, source, Map.of(), null);
    }

    public CalculatorValues {
        EnumMap<MemoryComponent, Long> copy = new EnumMap<>(MemoryComponent.class);
        if (components != null) {
            components.forEach((k, v) -> {
                if (v != null) {
                    copy.put(k, v);
                }
            });
        }
        components = Collections.unmodifiableMap(copy);
        source = source == null ? "manual" : source;
        EnumMap<MemoryComponent, String> f = new EnumMap<>(MemoryComponent.class);
        if (formulas != null) {
            formulas.forEach((k, v) -> {
                if (v != null && !v.isEmpty()) {
                    f.put(k, v);
                }
            });
        }
        formulas = Collections.unmodifiableMap(f);
    }

    public Optional<Long> component(MemoryComponent c) {
        return Optional.ofNullable(components.get(c));
    }

    public boolean hasAllComponents() {
        return components.size() == MemoryComponent.values().length;
    }

    public boolean isEmpty() {
        return components.isEmpty() && totalBytes == null;
    }

    /**
     * The part of a given total that the calculator did not split into components (total − the components given),
     * when it is more than 0: the bars draw it as its own segment, so that their height is the total the verdict
     * judges.
     */
    public Optional<Long> notSplitBytes() {
        if (totalBytes == null) {
            return Optional.empty();
        }
        long rest = totalBytes - components.values().stream().mapToLong(Long::longValue).sum();
        return rest > 0 ? Optional.of(rest) : Optional.empty();
    }

    /**
     * The calculator's total, the one figure the verdict, the bars, the table, the CLI and the HTML show: the one
     * given, else the sum of all four components, else empty.
     */
    public Optional<Long> effectiveTotal() {
        if (totalBytes != null) {
            return Optional.of(totalBytes);
        }
        if (!hasAllComponents()) {
            return Optional.empty();
        }
        return Optional.of(components.values().stream().mapToLong(Long::longValue).sum());
    }
}
