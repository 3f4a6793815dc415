package dev.memlens.core.estimate;

import dev.memlens.core.estimate.CachingAllocatorSimulator.Block;
import dev.memlens.core.model.ModelSpec;
import dev.memlens.core.model.ArchitectureTraits;

import java.util.ArrayList;
import java.util.List;

import static dev.memlens.core.estimate.Exact.mul;

/**
 * Replays the large allocations of a transformers {@code generate} call (greedy, default DynamicCache) through
 * {@link CachingAllocatorSimulator}, in the order the recorded allocation traces of transformers 5.17 show them
 * (torch.cuda.memory._record_memory_history on the H200: Llama-2-13B, Gemma-3-1B, Qwen2.5-0.5B, OLMoE, Mixtral):
 * weights in module order (a tied lm_head is allocated then dropped); the prefill's embeddings (alive to the end of
 * the forward), the cuBLAS workspace at the first matmul, cos/sin, the sliding-window mask; per layer the input norm
 * (alive until o_proj), q/k/v, the rotary copies, the cache's copy of K and V (the rotated K and the projected V
 * freed at once), the attention output, o_proj, the residual sum, the MLP or the experts ({@link ExpertsReplay}),
 * the second sum, and the layer's input freed last; then the last-token logits; then every decode step growing each
 * layer's K and V by one token through torch.cat (new tensor, old one freed) and, in MoE layers, batched_mm's
 * gathered expert weights.
 */
final class GenerateAllocationTrace {
    /** cuBLAS workspace on Hopper (CUBLAS_WORKSPACE_CONFIG default :4096:8), allocated through torch. */
    static final long CUBLAS_WORKSPACE_BYTES = 4096L * 1024 * 8;
    /** Most K/V reallocations replayed one token at a time (2 × layers × steps); beyond, steps are strided. */
    static final long MAX_DECODE_REALLOCATIONS = 250_000;

    /**
     * The replayed weights as allocated (each tensor's block, rounded as the allocator rounds it) and as requested;
     * absolute allocated peaks of the prefill and of the decode steps, and the KV bytes after the last step;
     * {@code smallPoolReserved} is the part of the reserved peak in the small pool (which never shrinks).
     */
    record Result(long weightsAllocated, long weightsRequested, long peakAllocated, long peakReserved, long kvBytesAtEnd,
                  long prefillPeakAllocated, long decodePeakAllocated, long decodeStride, long smallPoolReserved) {
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
        Norm rms = ArchitectureTraits.gemmaNorm(spec) ? Norm.GEMMA
                : ArchitectureTraits.rmsNorm(spec) ? Norm.RMS : Norm.LAYER;
        boolean fourNorms = ArchitectureTraits.fourNorms(spec);
        // weights, in construction order; bytesPerParam100 is bytes per parameter × 100 (quantized formats)
        long embeddingBytes = mul(vocab, h, bytesPerParam100) / 100;
        a.malloc(embeddingBytes);
        long requested = embeddingBytes;
        long[] linear = linearWeights(spec, h, qDim, kvDim, ffn, gated);
        for (int l = 0; l < spec.layers(); l++) {
            for (long elements : linear) {
                long bytes = mul(elements, bytesPerParam100) / 100;
                a.malloc(bytes);
                requested += bytes;
            }
        }
        Block lmHead = a.malloc(embeddingBytes);
        if (spec.tiedEmbeddings()) {
            a.free(lmHead);
        } else {
            requested += embeddingBytes;
        }
        long weights = a.allocated();
        long tokens = mul(batch, inputLen);
        List<Block[]> cache = new ArrayList<>();
        List<Block> forward = new ArrayList<>();
        // inputs_embeds is referenced by the model's forward until it returns; Gemma scales a copy of it
        Block embeddings = a.malloc(mul(tokens, h, actBytes));
        if (rms == Norm.GEMMA) {
            embeddings = replace(a, embeddings, a.malloc(mul(tokens, h, actBytes)));
        }
        forward.add(embeddings);
        if (attention == AttentionPath.MASKED) {
            forward.add(slidingMask(a, batch, inputLen));
        }
        for (int r = 0; r < ArchitectureTraits.ropeSets(spec); r++) {
            forward.addAll(rotaryTables(a, tokens, spec.headDim(), actBytes, r == 0));
        }
        Block residual = embeddings;
        for (int l = 0; l < spec.layers(); l++) {
            AttentionPath path = attention == AttentionPath.MASKED && !ArchitectureTraits.slidingLayer(spec, l)
                    ? AttentionPath.FLASH : attention;
            Block normed = norm(a, mul(tokens, h), actBytes, rms);
            Block o = attentionBlock(a, spec, path, batch, inputLen, tp, actBytes, kvElementBytes, rms, cache);
            a.free(normed);
            if (fourNorms) {
                o = replace(a, o, norm(a, mul(tokens, h), actBytes, rms));
            }
            Block down;
            Block sum;
            if (ArchitectureTraits.parallelResidual(spec)) {
                // GPT-NeoX: x + attn(ln1(x)) + mlp(ln2(x)), the MLP also reading the layer's input
                Block mlpIn = norm(a, mul(tokens, h), actBytes, rms);
                down = plainMlp(a, tokens, h, ffn, actBytes);
                a.free(mlpIn);
                sum = replace(a, a.malloc(mul(tokens, h, actBytes)), a.malloc(mul(tokens, h, actBytes)));
                a.free(o);
                a.free(down);
            } else {
                Block sum1 = a.malloc(mul(tokens, h, actBytes));
                a.free(o);
                Block mlpIn = norm(a, mul(tokens, h), actBytes, rms);
                down = ExpertsReplay.routed(spec, l) ? ExpertsReplay.prefill(a, spec, tokens, tp, actBytes, gated)
                        : ArchitectureTraits.fusedGateUp(spec) ? fusedGatedMlp(a, tokens, h, ffn, actBytes)
                        : gated ? gatedMlp(a, tokens, h, ffn, actBytes) : plainMlp(a, tokens, h, ffn, actBytes);
                a.free(mlpIn);
                if (fourNorms) {
                    down = replace(a, down, norm(a, mul(tokens, h), actBytes, rms));
                }
                sum = a.malloc(mul(tokens, h, actBytes));
                a.free(down);
                a.free(sum1);
            }
            if (residual != embeddings) {
                a.free(residual);
            }
            residual = sum;
        }
        Block finalNorm = norm(a, mul(tokens, h), actBytes, rms);
        a.free(residual);
        a.free(forward);
        // the last hidden state goes when the CausalLM's forward returns, before generate samples (recorded traces)
        a.free(finalNorm);
        Block[] scores = sample(a, batch, vocab, actBytes, new Block[2]);
        long prefillPeakAllocated = a.peakAllocated();
        long decodePeakAllocated = 0;

        // Every decode step regrows each layer's K and V; past MAX_DECODE_REALLOCATIONS the steps are replayed in
        // strides of several tokens, which keeps the work bounded for any output length.
        long steps = Math.max(0, outputLen - 1);
        long stride = Math.max(1, (steps * 2 * cache.size() + MAX_DECODE_REALLOCATIONS - 1) / MAX_DECODE_REALLOCATIONS);
        for (long grown = stride; grown < steps + stride; grown += stride) {
            long len = inputLen + Math.min(grown, steps);
            for (int l = 0; l < cache.size(); l++) {
                Block[] layer = cache.get(l);
                long kept = cachedTokens(spec, l, len);
                if (slidingCacheLayer(spec, l)) {
                    // DynamicSlidingWindowLayer concatenates K and V first, then keeps views: both old tensors go
                    // after both new ones exist (Phi-3's decode trace)
                    Block nextK = a.malloc(mul(batch, kept, kvDim, kvElementBytes));
                    Block nextV = a.malloc(mul(batch, kept, kvDim, kvElementBytes));
                    decodePeakAllocated = Math.max(decodePeakAllocated, a.allocated());
                    a.free(layer[0]);
                    a.free(layer[1]);
                    layer[0] = nextK;
                    layer[1] = nextV;
                } else {
                    // DynamicLayer: keys = cat(keys, new), then values = cat(values, new)
                    for (int kv = 0; kv < 2; kv++) {
                        Block next = a.malloc(mul(batch, kept, kvDim, kvElementBytes));
                        decodePeakAllocated = Math.max(decodePeakAllocated, a.allocated());
                        a.free(layer[kv]);
                        layer[kv] = next;
                    }
                }
                if (ExpertsReplay.routed(spec, l)) {
                    decodePeakAllocated = Math.max(decodePeakAllocated,
                            ExpertsReplay.decodeStep(a, spec, batch, tp, bytesPerParam100));
                }
            }
            scores = sample(a, batch, vocab, actBytes, scores);
        }
        // the cache generate returns: every layer's K and V storage, a sliding layer's only its window once the
        // decode has started (before that it still holds the prefill's whole-prompt copy)
        long kvEnd = 0;
        for (int l = 0; l < spec.layers(); l++) {
            long kept = steps > 0 ? cachedTokens(spec, l, inputLen + steps) : inputLen;
            kvEnd = Math.addExact(kvEnd, mul(batch, kept, kvDim, kvElementBytes, 2));
        }
        return new Result(weights, requested, a.peakAllocated(), a.peakReserved(), kvEnd,
                prefillPeakAllocated, decodePeakAllocated, stride, a.smallPoolReserved());
    }

    /**
     * One layer's projection matrices (elements) in construction order, one tensor each as the model holds them:
     * a fused qkv (Phi-3, GPT-NeoX) and Phi-3's fused gate_up are single tensors, so they get their own
     * segments instead of sharing 20 MiB ones as three or two smaller tensors would.
     */
    private static long[] linearWeights(ModelSpec spec, long h, long qDim, long kvDim, long ffn, boolean gated) {
        List<Long> w = new ArrayList<>();
        boolean outputFirst = ArchitectureTraits.outputProjectionFirst(spec);
        if (outputFirst) {
            w.add(mul(qDim, h));
        }
        if (ArchitectureTraits.fusedQkv(spec)) {
            w.add(mul(h, qDim + 2 * kvDim));
        } else {
            w.addAll(List.of(mul(h, qDim), mul(h, kvDim), mul(h, kvDim)));
        }
        if (!outputFirst) {
            w.add(mul(qDim, h));
        }
        if (gated && ArchitectureTraits.fusedGateUp(spec)) {
            w.add(mul(h, 2 * ffn));
        } else if (gated) {
            w.addAll(List.of(mul(h, ffn), mul(h, ffn)));
        } else {
            w.add(mul(h, ffn));
        }
        w.add(mul(ffn, h));
        return w.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * The tokens a layer's cached K (or V) tensor holds once the decode has reached {@code len} tokens. A sliding
     * layer of the DynamicCache (DynamicSlidingWindowLayer) concatenates its last window − 1 tokens with the new
     * one and keeps a view of the result, so from the first decode step its storage is the window, not the prompt
     * (the prefill's whole-prompt copy is freed then); other layers hold every token.
     */
    static long cachedTokens(ModelSpec spec, int layer, long len) {
        return slidingCacheLayer(spec, layer) ? Math.min(len, spec.slidingWindow()) : len;
    }

    /** How many of the model's layers get a DynamicSlidingWindowLayer. */
    static int slidingCacheLayers(ModelSpec spec) {
        int n = 0;
        for (int l = 0; l < spec.layers(); l++) {
            n += slidingCacheLayer(spec, l) ? 1 : 0;
        }
        return n;
    }

    /** Whether the DynamicCache gives layer {@code layer} a DynamicSlidingWindowLayer (the model has a window there). */
    static boolean slidingCacheLayer(ModelSpec spec, int layer) {
        return spec.slidingWindow() != null && ArchitectureTraits.slidingLayer(spec, layer);
    }

    /**
     * Self-attention over the prompt, from the normed input (alive, freed by the caller) to o_proj's output: q/k/v
     * (one fused projection whose q, k and v are views for Phi-3 and GPT-NeoX), q/k norms, the rotary copies
     * (GPT-NeoX rotates a quarter of each head and concatenates the rest back; Phi-3 concatenates its whole rotated q and k), the cache's copy of K and V, the
     * attention output (copied once more where it comes back head-major), o_proj.
     */
    private static Block attentionBlock(CachingAllocatorSimulator a, ModelSpec spec, AttentionPath path, int batch,
                                        int inputLen, int tp, int actBytes, int kvElementBytes, Norm rms,
                                        List<Block[]> cache) {
        long tokens = mul(batch, inputLen);
        long h = spec.hiddenSize();
        long qDim = (long) spec.attentionHeads() * spec.headDim() / tp;
        long kvHeads = Math.max(1, spec.kvHeads() / tp);
        long kvDim = kvHeads * spec.headDim();
        boolean fused = ArchitectureTraits.fusedQkv(spec);
        Block qkv = fused ? a.malloc(mul(tokens, qDim + 2 * kvDim, actBytes)) : null;
        Block q = fused ? null : a.malloc(mul(tokens, qDim, actBytes));
        if (!fused && ArchitectureTraits.qkNormAtProjection(spec)) {
            q = replace(a, q, norm(a, mul(tokens, qDim), actBytes, rms));
        }
        Block k = fused ? null : a.malloc(mul(tokens, kvDim, actBytes));
        if (!fused && ArchitectureTraits.qkNormAtProjection(spec)) {
            k = replace(a, k, norm(a, mul(tokens, kvDim), actBytes, rms));
        }
        Block v = fused ? null : a.malloc(mul(tokens, kvDim, actBytes));
        if (!fused && ArchitectureTraits.qkNorm(spec) && !ArchitectureTraits.qkNormAtProjection(spec)) {
            q = replace(a, q, norm(a, mul(tokens, qDim), actBytes, rms));
            k = replace(a, k, norm(a, mul(tokens, kvDim), actBytes, rms));
        }
        double fraction = ArchitectureTraits.rotaryFraction(spec);
        Block qRot;
        Block kRot;
        if (ArchitectureTraits.rotaryConcatenatesEach(spec)) {
            qRot = replace(a, rotary(a, mul(tokens, qDim, actBytes)), a.malloc(mul(tokens, qDim, actBytes)));
            kRot = replace(a, rotary(a, mul(tokens, kvDim, actBytes)), a.malloc(mul(tokens, kvDim, actBytes)));
        } else if (fraction < 1) {
            Block qPart = rotary(a, (long) (mul(tokens, qDim, actBytes) * fraction));
            Block kPart = rotary(a, (long) (mul(tokens, kvDim, actBytes) * fraction));
            qRot = replace(a, qPart, a.malloc(mul(tokens, qDim, actBytes)));
            kRot = replace(a, kPart, a.malloc(mul(tokens, kvDim, actBytes)));
        } else {
            qRot = rotary(a, mul(tokens, qDim, actBytes));
            kRot = rotary(a, mul(tokens, kvDim, actBytes));
        }
        a.free(q);
        a.free(k);
        Block kc = a.malloc(mul(tokens, kvDim, kvElementBytes));
        Block vc = a.malloc(mul(tokens, kvDim, kvElementBytes));
        cache.add(new Block[] {kc, vc});
        a.free(kRot);
        a.free(v);
        List<Block> sdpa = attentionBuffers(a, spec, path, batch, inputLen, qDim, kvHeads, actBytes);
        Block attn = attentionOutput(a, path, batch, inputLen, qDim, actBytes);
        a.free(sdpa);
        if (path == AttentionPath.MATH || ArchitectureTraits.headMajorAttentionOutput(spec)) {
            // the output comes back [b, heads, s, d]: transpose(1, 2).contiguous() copies it (flash and
            // memory-efficient outputs of a [b, s, heads, d] query are laid out so already)
            attn = replace(a, attn, a.malloc(mul(tokens, qDim, actBytes)));
        }
        Block o = a.malloc(mul(tokens, h, actBytes));
        a.free(attn);
        a.free(qkv);
        a.free(qRot);
        return o;
    }

    /** Phi-3's fused gate_up projection, chunked: act(gate), up × that, then down. */
    private static Block fusedGatedMlp(CachingAllocatorSimulator a, long tokens, long h, long ffn, int actBytes) {
        Block gateUp = a.malloc(mul(tokens, 2, ffn, actBytes));
        Block act = a.malloc(mul(tokens, ffn, actBytes));
        Block prod = replace(a, act, a.malloc(mul(tokens, ffn, actBytes)));
        Block down = a.malloc(mul(tokens, h, actBytes));
        a.free(prod);
        a.free(gateUp);
        return down;
    }

    /**
     * The rotary embedding's cos and sin for every position (model dtype), alive through the forward; built from
     * fp32 freqs, their concatenation, cos/sin and their scaling, freed once cast.
     */
    private static List<Block> rotaryTables(CachingAllocatorSimulator a, long tokens, long headDim, int actBytes,
                                            boolean firstMatmul) {
        Block freqs = a.malloc(mul(tokens, headDim / 2, 4));
        if (firstMatmul) {
            // inv_freq @ position_ids is the forward's first matmul: cuBLAS takes its workspace then, for good
            a.malloc(CUBLAS_WORKSPACE_BYTES);
        }
        Block emb = a.malloc(mul(tokens, headDim, 4));
        Block cos32 = replace(a, a.malloc(mul(tokens, headDim, 4)), a.malloc(mul(tokens, headDim, 4)));
        Block sin32 = replace(a, a.malloc(mul(tokens, headDim, 4)), a.malloc(mul(tokens, headDim, 4)));
        List<Block> tables = new ArrayList<>();
        if (actBytes == 4) {
            tables.add(cos32);
            tables.add(sin32);
        } else {
            tables.add(a.malloc(mul(tokens, headDim, actBytes)));
            tables.add(a.malloc(mul(tokens, headDim, actBytes)));
        }
        a.free(freqs);
        a.free(emb);
        if (actBytes != 4) {
            a.free(cos32);
            a.free(sin32);
        }
        return tables;
    }

    /**
     * scaled_dot_product_attention's output. On the explicit-mask path SDPA first turns the boolean mask into an
     * additive one in the query's dtype (convert_boolean_attn_mask: batch × prompt × prompt), alive until the output
     * exists: Gemma-3-1B b2 8192, 256 MiB beside a 32 MiB output in every sliding layer (trace diag3.txt). The flash
     * layers take no mask and allocate nothing more. (The fp32 "accumulator" assumed before was this mask: in the
     * two traces it was read from, b8 2048 and Gemma-2 b4 4096, both are the same size.)
     */
    private static Block attentionOutput(CachingAllocatorSimulator a, AttentionPath path, int batch, int inputLen,
                                         long qDim, int actBytes) {
        Block additiveMask = path == AttentionPath.MASKED ? a.malloc(mul(batch, inputLen, inputLen, actBytes)) : null;
        Block out = a.malloc(mul(batch, inputLen, qDim, actBytes));
        a.free(additiveMask);
        return out;
    }

    /**
     * create_sliding_window_causal_mask through sdpa_mask: the causal and the window conditions are evaluated over
     * prompt × prompt positions (bool) and and-ed, two such tensors alive at a time, then expanded to the batch;
     * only the batch's mask stays, through the forward (Gemma-3-1B b2 8192: five 64 MiB blocks, then 128 MiB).
     */
    private static Block slidingMask(CachingAllocatorSimulator a, int batch, long inputLen) {
        long square = mul(inputLen, inputLen);
        Block x = a.malloc(square);
        Block y = a.malloc(square);
        a.free(x);
        x = a.malloc(square);
        Block z = a.malloc(square);
        a.free(x);
        a.free(y);
        Block w = a.malloc(square);
        a.free(z);
        Block mask = a.malloc(mul(batch, square));
        a.free(w);
        return mask;
    }

    /** SiLU-gated MLP: gate, act(gate), up, act × up, then down. */
    static Block gatedMlp(CachingAllocatorSimulator a, long tokens, long h, long ffn, int actBytes) {
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
    static Block plainMlp(CachingAllocatorSimulator a, long tokens, long h, long ffn, int actBytes) {
        Block up = a.malloc(mul(tokens, ffn, actBytes));
        Block act = a.malloc(mul(tokens, ffn, actBytes));
        a.free(up);
        Block down = a.malloc(mul(tokens, h, actBytes));
        a.free(act);
        return down;
    }

    /**
     * RMSNorm upcasts to fp32: x.float(), x * rsqrt(...), then the weighted result in the model dtype; Gemma's
     * multiplies by (1 + weight) still in fp32 and casts last; LayerNorm's kernel writes its result in the
     * activation dtype directly.
     */
    private static Block norm(CachingAllocatorSimulator a, long elements, int actBytes, Norm kind) {
        if (kind == Norm.LAYER) {
            return a.malloc(mul(elements, actBytes));
        }
        if (kind == Norm.GEMMA) {
            // x.float(), x.pow(2) for the variance, x * rsqrt(var), × (1 + weight.float()), .type_as(x)
            Block x32 = actBytes == 4 ? null : a.malloc(mul(elements, 4));
            a.free(a.malloc(mul(elements, 4)));
            Block y32 = a.malloc(mul(elements, 4));
            a.free(x32);
            Block w32 = replace(a, y32, a.malloc(mul(elements, 4)));
            return actBytes == 4 ? w32 : replace(a, w32, a.malloc(mul(elements, actBytes)));
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
        LAYER, RMS, GEMMA
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
     * One step's sampling: the last position's logits in the model dtype, generate's fp32 copy
     * ({@code next_token_logits}, replacing the last step's), then the two logits processors a run with
     * {@code min_new_tokens} gets (MinLength, MinNewTokensLength), each an arange over the vocabulary (int64), a
     * clone and the torch.where that masks EOS; the second's result ({@code next_token_scores}) replaces the last
     * step's, and the model-dtype logits go with {@code del outputs}. So the fp32 copy and the processed scores
     * stay alive through the next forward pass. Returns {fp32 copy, processed scores}.
     */
    private static Block[] sample(CachingAllocatorSimulator a, int batch, long vocab, int actBytes, Block[] previous) {
        Block logits = a.malloc(mul(batch, vocab, actBytes));
        Block copy = a.malloc(mul(batch, vocab, 4));
        a.free(previous[0]);
        Block range = a.malloc(mul(vocab, 8));
        Block first = replace(a, a.malloc(mul(batch, vocab, 4)), a.malloc(mul(batch, vocab, 4)));
        a.free(range);
        Block clone = a.malloc(mul(batch, vocab, 4));
        range = a.malloc(mul(vocab, 8));
        Block second = replace(a, clone, a.malloc(mul(batch, vocab, 4)));
        a.free(range);
        a.free(first);
        a.free(previous[1]);
        a.free(logits);
        return new Block[] {copy, second};
    }

    /**
     * What scaled_dot_product_attention materialises in the prefill beyond q/k/v: nothing on the flash path; on
     * the explicit-mask path (a sliding window shorter than the prompt: the mask, built once per forward, cannot
     * be skipped, so SDPA takes no enable_gqa) repeat_kv's K and V copies at all query heads (a view, no copy,
     * with a single KV head); on the fp32 math path (no flash kernel for fp32, and the memory-efficient kernel
     * takes no enable_gqa) the fp32 scores and their softmax, K and V repeated to all heads.
     */
    private static List<Block> attentionBuffers(CachingAllocatorSimulator a, ModelSpec spec, AttentionPath path,
                                                int batch, int inputLen, long qDim, long kvHeads, int actBytes) {
        List<Block> live = new ArrayList<>();
        long tokens = mul(batch, inputLen);
        long heads = qDim / spec.headDim();
        boolean copies = kvHeads > 1 && kvHeads < heads;
        switch (path) {
            case MASKED -> {
                if (copies) {
                    live.add(a.malloc(mul(tokens, qDim, actBytes)));
                    live.add(a.malloc(mul(tokens, qDim, actBytes)));
                }
            }
            case MATH -> {
                // the math kernel: K and V repeated to every head, the float causal mask, q and k scaled (and
                // k transposed), the fp32 scores, their softmax, and _safe_softmax's all-masked-row test (bool)
                long kvLen = inputLen;
                live.add(a.malloc(mul(tokens, qDim, actBytes)));
                live.add(a.malloc(mul(inputLen, kvLen, 4)));
                live.add(a.malloc(mul(tokens, qDim, actBytes)));
                Block qScaled = a.malloc(mul(tokens, qDim, actBytes));
                Block kScaled = a.malloc(mul(tokens, qDim, actBytes));
                Block kT = a.malloc(mul(tokens, qDim, actBytes));
                Block scores = a.malloc(mul(tokens, heads, kvLen, 4));
                a.free(kT);
                a.free(kScaled);
                live.add(qScaled);
                live.add(a.malloc(mul(tokens, heads, kvLen, 4)));
                a.free(a.malloc(mul(tokens, heads, kvLen)));
                a.free(scores);
            }
            default -> {
            }
        }
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
            if (spec.slidingWindow() != null && spec.slidingWindow() <= inputLen) {
                return MASKED;
            }
            return FLASH;
        }
    }
}
