package dev.memlens.core.run.modes;

import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.MeasuredFigure;
import dev.memlens.core.report.MemoryBreakdown;
import dev.memlens.core.report.MemoryComponent;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The measured breakdown of a transformers {@code generate} run, from torch allocator figures and the GPU sampler:
 * weights = allocated after loading (exact); KV cache = the formula for the final sequence length (DynamicCache is
 * freed when generate returns, so no allocator mark holds it alone); activations = generate's allocator peak −
 * weights − KV (residual); overhead = the sampler's increase − what the allocator accounts for (residual: CUDA
 * context and the caching allocator's reserve). One place for this rule: live runs and recorded samples use it.
 */
public final class TransformersBreakdown {
    private TransformersBreakdown() {
    }

    /** The KV-cache shape: what the formula needs. */
    public record KvShape(int layers, int kvHeads, int headDim, int batch, long tokens, int bytesPerElement) {
        public long bytes() {
            return 2L * layers * kvHeads * headDim * batch * tokens * bytesPerElement;
        }

        public String formula() {
            return "2 × " + layers + " layers × " + kvHeads + " KV heads × " + headDim + " head_dim × batch " + batch
                    + " × " + tokens + " tokens × " + bytesPerElement + " bytes";
        }
    }

    /**
     * @param weightsBytes       allocated after loading, minus allocated before it
     * @param allocatorPeakBytes generate's own max_memory_allocated (weights included), minus allocated before loading
     * @param reservedBytes      memory_reserved after generate, or null when unknown
     * @param kv                 the KV shape
     * @param samplerIncrease    the sampler's peak − baseline, or null when the GPUs were not sampled
     * @param baselineBytes      the sampler's baseline, or null
     */
    public static MemoryBreakdown build(long weightsBytes, long allocatorPeakBytes, Long reservedBytes, KvShape kv,
                                        Long samplerIncrease, Long baselineBytes) {
        long kvBytes = kv.bytes();
        Map<MemoryComponent, MeasuredFigure> components = new EnumMap<>(MemoryComponent.class);
        components.put(MemoryComponent.WEIGHTS, new MeasuredFigure(weightsBytes, FigureSource.TORCH_ALLOCATOR,
                "allocated after loading"));
        components.put(MemoryComponent.KV_CACHE, new MeasuredFigure(kvBytes, FigureSource.FORMULA, kv.formula()));
        components.put(MemoryComponent.ACTIVATIONS, new MeasuredFigure(Math.max(0, allocatorPeakBytes - weightsBytes - kvBytes),
                FigureSource.RESIDUAL, "allocator peak − weights − KV cache"));
        long accounted = Math.max(allocatorPeakBytes, weightsBytes + kvBytes);
        MeasuredFigure total;
        if (samplerIncrease != null) {
            components.put(MemoryComponent.FRAMEWORK_OVERHEAD, new MeasuredFigure(Math.max(0, samplerIncrease - accounted),
                    FigureSource.RESIDUAL, "GPU sampler peak − allocator peak: CUDA context and allocator reserve"));
            total = new MeasuredFigure(samplerIncrease, FigureSource.GPU_SAMPLER, "GPU sampler peak − baseline");
        } else {
            total = new MeasuredFigure(accounted, FigureSource.TORCH_ALLOCATOR,
                    "allocator peak (the GPUs were not sampled, so the CUDA context is not included)");
        }
        Map<String, MeasuredFigure> details = new LinkedHashMap<>();
        details.put("allocator_peak", new MeasuredFigure(allocatorPeakBytes, FigureSource.TORCH_ALLOCATOR,
                "max_memory_allocated during generate"));
        if (reservedBytes != null) {
            details.put("allocator_reserved", new MeasuredFigure(reservedBytes, FigureSource.TORCH_ALLOCATOR,
                    "memory_reserved after generate"));
        }
        return new MemoryBreakdown(components, total, baselineBytes, details);
    }
}
