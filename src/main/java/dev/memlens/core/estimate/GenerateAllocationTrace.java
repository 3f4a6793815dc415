package dev.memlens.core.estimate;

import dev.memlens.core.estimate.CachingAllocatorSimulator.Block;
import dev.memlens.core.model.ModelSpec;
import dev.memlens.core.model.ArchitectureTraits;

import java.util.ArrayList;
import java.util.List;

import static dev.memlens.core.estimate.Exact.mul;

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
    /** Most K/V reallocations replayed one token at a time (2 × layers × steps); beyond, steps are strided. */
    static final long MAX_DECODE_REALLOCATIONS = 250_000;

    /** Absolute allocated peaks of the prefill and of the decode steps, and the KV bytes after the last step. */
    record Result(long weightsAllocated, long peakAllocated, long peakReserved, long kvBytesAtEnd,
                  long prefillPeakAllocated, long decodePeakAllocated, long decodeStride) {
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
        AttentionPath attention = AttentionPath.of(spec, inputLen, actBytes);
        boolean gated = ArchitectureTraits.gatedMlp(spec);
        Norm rms = ArchitectureTraits.rmsNorm(spec) ? Norm.RMS : Norm.LAYER;
        boolean qkNorm = ArchitectureTraits.qkNorm(spec);
        boolean fourNorms = ArchitectureTraits.fourNorms(spec);
        // weights, in construction order; bytesPerParam100 is bytes per parameter × 100 (quantized formats)
        a.malloc(mul(vocab, h, bytesPerParam100) / 100);
        long[] linear = gated
                ? new long[] {mul(h, qDim), mul(h, kvDim), mul(h, kvDim), mul(qDim, h), mul(h, ffn), mul(h, ffn), mul(ffn, h)}
                : new long[] {mul(h, qDim), mul(h, kvDim), mul(h, kvDim), mul(qDim, h), mul(h, ffn), mul(ffn, h)};
        for (int l = 0; l < spec.layers(); l++) {
            for (long elements : linear) {
                a.malloc(mul(elements, bytesPerParam100) / 100);
            }
        }
        Block lmHead = a.malloc(mul(vocab, h, bytesPerParam100) / 100);
        if (spec.tiedEmbeddings()) {
            a.free(lmHead);
        }
        long weights = a.allocated();
        a.malloc(CUBLAS_WORKSPACE_BYTES);

        long tokens = mul(batch, inputLen);
        List<Block[]> cache = new ArrayList<>();
        List<Block> live = new ArrayList<>();
        Block residual = a.malloc(mul(tokens, h, actBytes));
        for (int l = 0; l < spec.layers(); l++) {
            Block normed = norm(a, mul(tokens, h), actBytes, rms);
            Block q = a.malloc(mul(tokens, qDim, actBytes));
            Block k = a.malloc(mul(tokens, kvDim, actBytes));
            Block v = a.malloc(mul(tokens, kvDim, actBytes));
            a.free(normed);
            if (qkNorm) {
                q = replace(a, q, norm(a, mul(tokens, qDim), actBytes, rms));
                k = replace(a, k, norm(a, mul(tokens, kvDim), actBytes, rms));
            }
            Block qRot = rotary(a, mul(tokens, qDim, actBytes));
            Block kRot = rotary(a, mul(tokens, kvDim, actBytes));
            a.free(q);
            a.free(k);
            Block kc = a.malloc(mul(tokens, kvDim, kvElementBytes));
            Block vc = a.malloc(mul(tokens, kvDim, kvElementBytes));
            cache.add(new Block[] {kc, vc});
            List<Block> sdpa = attentionBuffers(a, spec, attention, batch, inputLen, qDim, actBytes);
            Block attn = a.malloc(mul(tokens, qDim, actBytes));
            a.free(sdpa);
            a.free(qRot);
            a.free(kRot);
            a.free(v);
            Block contiguous = a.malloc(mul(tokens, qDim, actBytes));
            a.free(attn);
            Block o = a.malloc(mul(tokens, h, actBytes));
            a.free(contiguous);
            if (fourNorms) {
                o = replace(a, o, norm(a, mul(tokens, h), actBytes, rms));
            }
            Block sum = a.malloc(mul(tokens, h, actBytes));
            a.free(o);
            a.free(residual);
            residual = sum;
            Block mlpIn = norm(a, mul(tokens, h), actBytes, rms);
            List<Block> routing = routedExperts(a, spec, l, tokens, tp, actBytes);
            Block hidden = a.malloc(mul(tokens, h, actBytes));
            Block down = gated ? gatedMlp(a, tokens, h, ffn, actBytes) : plainMlp(a, tokens, h, ffn, actBytes);
            a.free(mlpIn);
            a.free(hidden);
            if (fourNorms) {
                down = replace(a, down, norm(a, mul(tokens, h), actBytes, rms));
            }
            Block sum2 = a.malloc(mul(tokens, h, actBytes));
            a.free(routing);
            a.free(down);
            a.free(residual);
            residual = sum2;
        }
        Block finalNorm = norm(a, mul(tokens, h), actBytes, rms);
        a.free(residual);
        Block scores = logits(a, batch, vocab, actBytes, null);
        a.free(finalNorm);
        long prefillPeakAllocated = a.peakAllocated();
        long decodePeakAllocated = 0;

        // Every decode step regrows each layer's K and V; past MAX_DECODE_REALLOCATIONS the steps are replayed in
        // strides of several tokens, which keeps the work bounded for any output length.
        long steps = Math.max(0, outputLen - 1);
        long stride = Math.max(1, (steps * 2 * cache.size() + MAX_DECODE_REALLOCATIONS - 1) / MAX_DECODE_REALLOCATIONS);
        for (long grown = stride; grown < steps + stride; grown += stride) {
            long len = inputLen + Math.min(grown, steps);
            for (Block[] layer : cache) {
                for (int kv = 0; kv < 2; kv++) {
                    Block next = a.malloc(mul(batch, len, kvDim, kvElementBytes));
                    decodePeakAllocated = Math.max(decodePeakAllocated, a.allocated());
                    a.free(layer[kv]);
                    layer[kv] = next;
                }
            }
            scores = logits(a, batch, vocab, actBytes, scores);
        }
        long kvEnd = mul(batch, inputLen + Math.max(0, outputLen - 1), kvDim, kvElementBytes, spec.layers(), 2);
        return new Result(weights, a.peakAllocated(), a.peakReserved(), kvEnd,
                prefillPeakAllocated, decodePeakAllocated, stride);
    }

    /** SiLU-gated MLP: gate, act(gate), up, act × up, then down. */
    private static Block gatedMlp(CachingAllocatorSimulator a, long tokens, long h, long ffn, int actBytes) {
        Block gate = a.malloc(mul(tokens, ffn, actBytes));
        Block act = a.malloc(mul(tokens, ffn, actBytes));
        a.free(gate);
        Block up = a.malloc(mul(tokens, ffn, actBytes));
        Block prod = a.malloc(mul(tokens, ffn, actBytes));
        a.free(act);
        a.free(up);
        Block down = a.malloc(mul(tokens, h, actBytes));
        a.free(prod);
        return down;
    }

    /** Ungated MLP (GPT-NeoX, GPT-2, OPT, Falcon, Phi): up, GELU(up), then down. */
    private static Block plainMlp(CachingAllocatorSimulator a, long tokens, long h, long ffn, int actBytes) {
        Block up = a.malloc(mul(tokens, ffn, actBytes));
        Block act = a.malloc(mul(tokens, ffn, actBytes));
        a.free(up);
        Block down = a.malloc(mul(tokens, h, actBytes));
        a.free(act);
        return down;
    }

    /**
     * RMSNorm upcasts to fp32: x.float(), x * rsqrt(...), then the weighted result in the model dtype; LayerNorm's
     * kernel writes its result in the activation dtype directly.
     */
    private static Block norm(CachingAllocatorSimulator a, long elements, int actBytes, Norm kind) {
        if (kind == Norm.LAYER) {
            return a.malloc(mul(elements, actBytes));
        }
        // x.to(float32) (a no-op in fp32), x.pow(2) for the variance, x * rsqrt(var), .to(dtype), weight * x
        Block x32 = actBytes == 4 ? null : a.malloc(mul(elements, 4));
        a.free(a.malloc(mul(elements, 4)));
        Block y32 = a.malloc(mul(elements, 4));
        a.free(x32);
        Block cast = actBytes == 4 ? null : a.malloc(mul(elements, actBytes));
        Block y = a.malloc(mul(elements, actBytes));
        a.free(cast);
        a.free(y32);
        return y;
    }

    /** The normalisation a family runs, by what it allocates. */
    enum Norm {
        LAYER, RMS
    }

    /** Frees {@code old} once {@code next}, computed from it, exists. */
    private static Block replace(CachingAllocatorSimulator a, Block old, Block next) {
        a.free(old);
        return next;
    }

    /** apply_rotary_pos_emb: x * cos, rotate_half(x) = cat(-x2, x1), that * sin, and their sum. */
    private static Block rotary(CachingAllocatorSimulator a, long bytes) {
        Block cos = a.malloc(bytes);
        Block neg = a.malloc(bytes / 2);
        Block rotated = a.malloc(bytes);
        a.free(neg);
        Block sin = a.malloc(bytes);
        a.free(rotated);
        Block sum = a.malloc(bytes);
        a.free(cos);
        a.free(sin);
        return sum;
    }

    /**
     * The last position's logits in the model dtype, then generate's fp32 copy ({@code next_token_logits}); the
     * model-dtype logits go with {@code del outputs}, the fp32 scores stay referenced until the next step's copy
     * replaces them, so they are alive through the next forward pass.
     */
    private static Block logits(CachingAllocatorSimulator a, int batch, long vocab, int actBytes, Block previous) {
        Block l = a.malloc(mul(batch, vocab, actBytes));
        Block f = a.malloc(mul(batch, vocab, 4));
        a.free(previous);
        a.free(l);
        return f;
    }

    /**
     * What scaled_dot_product_attention materialises in the prefill beyond q/k/v: nothing on the flash path; on
     * the explicit-mask path (a sliding window shorter than the prompt: the mask cannot be skipped) repeat_kv's
     * K and V copies at all query heads and the boolean mask; on the fp32 math path (no flash kernel for fp32,
     * and the memory-efficient kernel takes no enable_gqa) the fp32 scores and their softmax, K and V repeated
     * to all heads.
     */
    private static List<Block> attentionBuffers(CachingAllocatorSimulator a, ModelSpec spec, AttentionPath path,
                                                int batch, int inputLen, long qDim, int actBytes) {
        List<Block> live = new ArrayList<>();
        long tokens = mul(batch, inputLen);
        long heads = qDim / spec.headDim();
        switch (path) {
            case MASKED -> {
                live.add(a.malloc(mul(tokens, inputLen)));
                live.add(a.malloc(mul(tokens, qDim, actBytes)));
                live.add(a.malloc(mul(tokens, qDim, actBytes)));
            }
            case MATH -> {
                live.add(a.malloc(mul(tokens, qDim, actBytes)));
                live.add(a.malloc(mul(tokens, qDim, actBytes)));
                live.add(a.malloc(mul(tokens, heads, inputLen, 4)));
                live.add(a.malloc(mul(tokens, heads, inputLen, 4)));
            }
            default -> {
            }
        }
        return live;
    }

    /**
     * A mixture-of-experts layer routes every token to top_k experts: the router's fp32 softmax over all experts,
     * the tokens gathered per expert (tokens × top_k rows), their gate/up projection and activation, the expert
     * outputs weighted before they are summed back; the shared expert (if any) runs as the dense MLP beside it.
     */
    private static List<Block> routedExperts(CachingAllocatorSimulator a, ModelSpec spec, int layer, long tokens, int tp,
                                             int actBytes) {
        List<Block> live = new ArrayList<>();
        if (!spec.isMoe() || layer < spec.moe().leadingDenseLayers()) {
            return live;
        }
        long h = spec.hiddenSize();
        long rows = mul(tokens, spec.moe().expertsPerToken());
        long width = spec.moe().expertIntermediateSize() / tp;
        live.add(a.malloc(mul(tokens, spec.moe().experts(), 4)));
        Block gathered = a.malloc(mul(rows, h, actBytes));
        Block gateUp = a.malloc(mul(rows, 2, width, actBytes));
        Block act = a.malloc(mul(rows, width, actBytes));
        a.free(gateUp);
        Block out = a.malloc(mul(rows, h, actBytes));
        a.free(act);
        a.free(gathered);
        live.add(out);
        live.add(a.malloc(mul(tokens, h, actBytes)));
        return live;
    }

    /** Which SDPA kernel transformers' prefill ends up in, as far as memory goes. */
    enum AttentionPath {
        FLASH, MASKED, MATH;

        static AttentionPath of(ModelSpec spec, int inputLen, int actBytes) {
            boolean gqa = spec.kvHeads() < spec.attentionHeads();
            if (actBytes == 4 && gqa) {
                return MATH;
            }
            if (spec.slidingWindow() != null && spec.slidingWindow() < inputLen) {
                return MASKED;
            }
            return FLASH;
        }
    }
}
