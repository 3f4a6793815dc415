package dev.memlens.core.estimate;

import dev.memlens.core.report.MemoryComponent;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A prediction per GPU. {@code components} holds only the components that apply (no CUDA graphs for
 * transformers); {@code peak} is the predicted nvidia-smi {@code memory.used} peak of the process per GPU;
 * {@code kvCacheTokens} and {@code maxConcurrency} are null where they do not apply (transformers), {@code fits}
 * is null when the GPU size is unknown.
 */
public record Estimate(
        Engine engine,
        Map<EstimateComponent, EstimatedFigure> components,
        EstimatedFigure peak,
        Long kvCacheTokens,
        Double maxConcurrency,
        Long gpuTotalBytes,
        Boolean fits,
        List<String> explanations) {

    public Estimate {
        components = Collections.unmodifiableMap(new EnumMap<>(components));
        explanations = List.copyOf(explanations);
    }

    public long peakBytes() {
        return peak.bytes();
    }

    /** Bytes of one component, or null when it does not apply. */
    public Long bytes(EstimateComponent c) {
        EstimatedFigure f = components.get(c);
        return f == null ? null : f.bytes();
    }

    /**
     * The four components of the calculator comparison: weights, KV cache, activations, and framework overhead
     * = CUDA context + CUDA graphs + other.
     */
    public Map<MemoryComponent, Long> calculatorComponents() {
        Map<MemoryComponent, Long> m = new EnumMap<>(MemoryComponent.class);
        m.put(MemoryComponent.WEIGHTS, orZero(EstimateComponent.WEIGHTS));
        m.put(MemoryComponent.KV_CACHE, orZero(EstimateComponent.KV_CACHE));
        m.put(MemoryComponent.ACTIVATIONS, orZero(EstimateComponent.ACTIVATIONS));
        m.put(MemoryComponent.FRAMEWORK_OVERHEAD, orZero(EstimateComponent.CUDA_CONTEXT)
                + orZero(EstimateComponent.CUDA_GRAPHS) + orZero(EstimateComponent.OTHER));
        return m;
    }

    private long orZero(EstimateComponent c) {
        Long b = bytes(c);
        return b == null ? 0 : b;
    }
}
