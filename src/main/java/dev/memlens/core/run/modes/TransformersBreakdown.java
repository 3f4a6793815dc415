package dev.memlens.core.run.modes;

import dev.memlens.core.report.AccountComponent;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.MeasuredFigure;
import dev.memlens.core.report.MemoryAccount;

/**
 * The memory account of a transformers {@code generate} run, from torch allocator figures and the GPU sampler:
 * weights = allocated after loading (measured); KV cache = the bytes of the cache tensors generate returned
 * (measured, torch-tensors) when the profiler reported them, else the formula for the final sequence length
 * (derived); activations = generate's allocator peak − weights − KV (derived); allocator reserve = memory_reserved −
 * the allocator peak; non-torch = the sampler's total − memory_reserved (CUDA context, cuBLAS workspaces). One place
 * for this rule: live runs and recorded samples use it.
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
     * @param kv                 the KV shape (for the formula when the tensors' bytes are unknown)
     * @param kvTensorBytes      the bytes of the KV cache tensors generate returned, or null when not reported
     * @param samplerIncrease    the sampler's peak − baseline, or null when the GPUs were not sampled
     * @param baselineBytes      the sampler's baseline, or null
     */
    public static MemoryAccount build(long weightsBytes, long allocatorPeakBytes, Long reservedBytes, KvShape kv,
                                      Long kvTensorBytes, Long samplerIncrease, Long baselineBytes) {
        MemoryAccount.Builder b = MemoryAccount.builder().baseline(baselineBytes);
        b.measured(AccountComponent.WEIGHTS, weightsBytes, FigureSource.TORCH_ALLOCATOR, "memory_allocated after loading");
        long kvBytes;
        if (kvTensorBytes != null) {
            kvBytes = kvTensorBytes;
            b.measured(AccountComponent.KV_CACHE, kvBytes, FigureSource.TORCH_TENSORS,
                    "bytes of the past_key_values tensors generate returned");
        } else {
            kvBytes = kv.bytes();
            b.derived(AccountComponent.KV_CACHE, kvBytes, FigureSource.FORMULA, "formula, not measured: " + kv.formula());
        }
        b.derived(AccountComponent.ACTIVATIONS, allocatorPeakBytes - weightsBytes - kvBytes, FigureSource.TORCH_ALLOCATOR,
                "generate's max_memory_allocated − weights − KV cache");
        if (reservedBytes != null && reservedBytes >= allocatorPeakBytes) {
            b.derived(AccountComponent.ALLOCATOR_RESERVE, reservedBytes - allocatorPeakBytes, FigureSource.TORCH_ALLOCATOR,
                    "memory_reserved after generate − max_memory_allocated: cached by the allocator, not allocated");
        } else {
            b.unknown(AccountComponent.ALLOCATOR_RESERVE, "memory_reserved was not reported");
        }
        if (samplerIncrease != null) {
            b.total(samplerIncrease, FigureSource.GPU_SAMPLER, "peak of the summed used memory − baseline before the"
                    + " profiler started");
            if (reservedBytes != null && samplerIncrease >= reservedBytes) {
                b.derived(AccountComponent.NON_TORCH, samplerIncrease - reservedBytes, FigureSource.GPU_SAMPLER,
                        "the sampler's total − memory_reserved: CUDA context, cuBLAS workspaces, non-torch allocations");
            } else {
                b.unknown(AccountComponent.NON_TORCH, reservedBytes == null ? "memory_reserved was not reported"
                        : "the sampler's total is below memory_reserved (the sampler missed the peak)");
            }
        } else {
            long accounted = Math.max(allocatorPeakBytes, weightsBytes + kvBytes)
                    + (reservedBytes != null && reservedBytes > allocatorPeakBytes ? reservedBytes - allocatorPeakBytes : 0);
            b.total(accounted, FigureSource.TORCH_ALLOCATOR,
                    "the allocator's figures (the GPUs were not sampled, so the CUDA context is not included)");
            b.unknown(AccountComponent.NON_TORCH, "the GPUs were not sampled");
        }
        b.unattributedNote("the total minus every item: what the sampler saw beyond the allocator's figures");
        b.detail("allocator_peak", new MeasuredFigure(allocatorPeakBytes, FigureSource.TORCH_ALLOCATOR,
                "max_memory_allocated during generate"));
        if (reservedBytes != null) {
            b.detail("allocator_reserved", new MeasuredFigure(reservedBytes, FigureSource.TORCH_ALLOCATOR,
                    "memory_reserved after generate"));
        }
        if (kvTensorBytes != null) {
            b.detail("kv_cache_formula", new MeasuredFigure(kv.bytes(), FigureSource.FORMULA, kv.formula()));
        }
        return b.build();
    }
}
