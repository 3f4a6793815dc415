package dev.memlens.core.vllm.breakdown;

import dev.memlens.core.report.MeasuredFigure;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * A measured breakdown, summed over all GPUs of the run.
 *
 * @param components    the components that could be determined (a missing one is unknown, not zero)
 * @param measuredTotal the sum of the per-GPU peaks from the GPU sampler; {@code null} if not given
 * @param unattributed  what the measured total holds beyond the components (CUDA context, allocator caches, other
 *                      processes, or several unknown components together); {@code null} without a total
 */
public record MeasuredBreakdown(Map<BreakdownComponent, MeasuredFigure> components, MeasuredFigure measuredTotal,
                                MeasuredFigure unattributed) {
    public MeasuredBreakdown {
        components = Collections.unmodifiableMap(components.isEmpty()
                ? new EnumMap<>(BreakdownComponent.class) : new EnumMap<>(components));
    }

    public Optional<MeasuredFigure> component(BreakdownComponent c) {
        return Optional.ofNullable(components.get(c));
    }
}
