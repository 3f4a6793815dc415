package dev.memlens.core.estimate;

import dev.memlens.core.estimate.CachingAllocatorSimulator.Block;
import dev.memlens.core.model.ModelSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Replays the large allocations of a transformers {@code generate} call (greedy, default DynamicCache) through
 * {@link CachingAllocatorSimulator}: weights in module order (a tied lm_head is allocated then dropped), the
 * cuBLAS workspace, prefill layer by layer (RMSNorm's fp32 upcast, q/k/v, rotary copies, the cache copy made by
 * torch.cat, the gated MLP with residual and normed input alive), the last-token logits, then every decode step
 * growing each layer's key and value tensors by one token through torch.cat (new tensor, old one freed).
 */
final class GenerateAllocationTrace {
    /** cuBLAS workspace on Hopper (CUBLAS_WORKSPACE_CONFIG default :4096:8), allocated through torch. */
    static final long CUBLAS_WORKSPACE_BYTES = 4096L * 1024 * 8 + 512;

    /** Absolute allocated peaks of the prefill and of the decode steps, and the KV bytes after the last step. */
    record Result(long weightsAllocated, long peakAllocated, long peakReserved, long kvBytesAtEnd,
                  long prefillPeakAllocated, long decodePeakAllocated) {
    }

    private GenerateAllocationTrace() {
    }

    static Result run(ModelSpec spec, int batch, int inputLen, int outputLen, int tp, long bytesPerParam100,
                      int actBytes, int kvElementBytes) {
        CachingAllocatorSimulator a = new CachingAllocatorSimulator();
        long h = spec.hiddenSize();
        long qDim = (long) spec.attentionHeads() * spec.headDim() / tp;
        long kvHeads = Math.max(1, spec.kvHeads() / tp);
        long kvDim = kvHeads * spec.headDim();
        long ffn = spec.intermediateSize() / tp;
        long vocab = spec.vocabSize();
        // weights, in construction order; bytesPerParam100 is bytes per parameter × 100 (quantized formats)
        a.malloc(vocab * h * bytesPerParam100 / 100);
        long[] linear = {h * qDim, h * kvDim, h * kvDim, qDim * h, h * ffn, h * ffn, ffn * h};
        for (int l = 0; l < spec.layers(); l++) {
            for (long elements : linear) {
                a.malloc(elements * bytesPerParam100 / 100);
            }
        }
        Block lmHead = a.malloc(vocab * h * bytesPerParam100 / 100);
        if (spec.tiedEmbeddings()) {
            a.free(lmHead);
        }
        long weights = a.allocated();
        a.malloc(CUBLAS_WORKSPACE_BYTES);

        long tokens = (long) batch * inputLen;
        List<Block[]> cache = new ArrayList<>();
        List<Block> live = new ArrayList<>();
        Block residual = a.malloc(tokens * h * actBytes);
        for (int l = 0; l < spec.layers(); l++) {
            Block normed = rmsNorm(a, tokens * h, actBytes);
            Block q = a.malloc(tokens * qDim * actBytes);
            Block k = a.malloc(tokens * kvDim * actBytes);
            Block v = a.malloc(tokens * kvDim * actBytes);
            a.free(normed);
            Block qRot = a.malloc(tokens * qDim * actBytes);
            Block kRot = a.malloc(tokens * kvDim * actBytes);
            a.free(q);
            a.free(k);
            Block kc = a.malloc(tokens * kvDim * kvElementBytes);
            Block vc = a.malloc(tokens * kvDim * kvElementBytes);
            cache.add(new Block[] {kc, vc});
            Block attn = a.malloc(tokens * qDim * actBytes);
            a.free(qRot);
            a.free(kRot);
            a.free(v);
            Block o = a.malloc(tokens * h * actBytes);
            a.free(attn);
            Block sum = a.malloc(tokens * h * actBytes);
            a.free(o);
            a.free(residual);
            residual = sum;
            Block mlpIn = rmsNorm(a, tokens * h, actBytes);
            Block hidden = a.malloc(tokens * h * actBytes);
            Block gate = a.malloc(tokens * ffn * actBytes);
            Block act = a.malloc(tokens * ffn * actBytes);
            a.free(gate);
            Block up = a.malloc(tokens * ffn * actBytes);
            Block prod = a.malloc(tokens * ffn * actBytes);
            a.free(act);
            a.free(up);
            Block down = a.malloc(tokens * h * actBytes);
            a.free(prod);
            a.free(mlpIn);
            a.free(hidden);
            Block sum2 = a.malloc(tokens * h * actBytes);
            a.free(down);
            a.free(residual);
            residual = sum2;
        }
        Block finalNorm = rmsNorm(a, tokens * h, actBytes);
        a.free(residual);
        logits(a, batch, vocab, actBytes);
        a.free(finalNorm);
        long prefillPeakAllocated = a.peakAllocated();
        long decodePeakAllocated = 0;

        for (int step = 1; step < outputLen; step++) {
            long len = inputLen + step;
            for (Block[] layer : cache) {
                for (int kv = 0; kv < 2; kv++) {
                    Block grown = a.malloc((long) batch * len * kvDim * kvElementBytes);
                    decodePeakAllocated = Math.max(decodePeakAllocated, a.allocated());
                    a.free(layer[kv]);
                    layer[kv] = grown;
                }
            }
            logits(a, batch, vocab, actBytes);
        }
        long kvEnd = (long) batch * (inputLen + Math.max(0, outputLen - 1)) * kvDim * kvElementBytes * spec.layers() * 2;
        return new Result(weights, a.peakAllocated(), a.peakReserved(), kvEnd,
                prefillPeakAllocated, decodePeakAllocated);
    }

    /** RMSNorm upcasts to fp32: x.float(), x * rsqrt(...), then the weighted result in the model dtype. */
    private static Block rmsNorm(CachingAllocatorSimulator a, long elements, int actBytes) {
        Block x32 = a.malloc(elements * 4);
        Block y32 = a.malloc(elements * 4);
        a.free(x32);
        Block y = a.malloc(elements * actBytes);
        a.free(y32);
        return y;
    }

    /** The last position's logits in the model dtype, then the fp32 copy generate keeps for the next token. */
    private static void logits(CachingAllocatorSimulator a, int batch, long vocab, int actBytes) {
        Block l = a.malloc(batch * vocab * actBytes);
        Block f = a.malloc(batch * vocab * 4);
        a.free(l);
        a.free(f);
    }
}
