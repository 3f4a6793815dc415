package dev.memlens.core.estimate;

import dev.memlens.core.model.DTypes;
import dev.memlens.core.model.ModelSpec;
import dev.memlens.core.model.QuantizationSpec;
import dev.memlens.core.units.Bytes;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * vLLM V1 start-up sizing (vllm-formats.md §3): budget = total × gpu_memory_utilization; the KV pool is what the
 * budget leaves after weights, the profiling pass's activation peak, non-torch memory and (v0.21+) CUDA graphs;
 * blocks = floor(KV / (block × per-token bytes)); nvidia-smi shows the CUDA context + the budget (+ graphs
 * before v0.21).
 */
final class VllmRule {
    /** worker init snapshot non_torch_memory on H100 (vLLM 0.19 logs): the context outside the budget. */
    static final long CUDA_CONTEXT_BYTES = Bytes.fromGib(0.51);
    /** "non-torch memory" of the 0.19 budget line at TP 1 (cuBLAS handles and workspaces): 0.25 GiB. */
    static final long NON_TORCH_BYTES = Bytes.fromGib(0.25);
    /**
     * At TP > 1 NCCL's buffers and the custom all-reduce workspace join it: 0.19 logs give 2.07/2.10 GiB at TP 2
     * and 2.13/2.21 GiB at TP 4 (Llama-3.1-8B, Llama-3.3-70B), i.e. 1.75 GiB + 0.0425 GiB per rank.
     */
    static final long NON_TORCH_TP_BASE_BYTES = Bytes.fromGib(1.75);
    static final long NON_TORCH_TP_PER_RANK_BYTES = Bytes.fromGib(0.0425);
    /**
     * The profiling pass's sampler warm-up runs max_num_seqs rows over the vocabulary. vLLM's default max_num_seqs
     * (EngineArgs.get_batch_defaults, v0.19.0) is 1024 on GPUs of 70 GiB or more (the 0.19 H100 logs: "Defaulting
     * max_num_seqs to 1024") and 256 on smaller ones. Each element costs the logits in the model dtype plus
     * {@link #SAMPLER_BYTES_PER_LOGIT} bytes of fp32 logits, probabilities and top-k/top-p scratch.
     */
    static final int SAMPLER_ROWS = 1024;
    static final int SAMPLER_ROWS_SMALL_GPU = 256;
    static final long LARGE_GPU_BYTES = 70 * Bytes.GIB;
    /** Fitted to the bf16 Llama-3.1-8B log (1.89 GiB); the fp32, fp8 and 70B TP2/TP4 logs check it. */
    static final int SAMPLER_BYTES_PER_LOGIT = 13;
    /**
     * Graph capture sizes up to max_cudagraph_capture_size = min(2 × max_num_seqs, 512): 1, 2, 4, then steps
     * of 8 to 256, then of 16 to 512 (51 sizes).
     */
    static final int MAX_CAPTURE_SIZE = 512;

    private VllmRule() {
    }

    static Estimate estimate(ModelSpec spec, EstimateRequest r) {
        int tp = r.tensorParallelSize();
        String dtype = DTypes.normalize(r.dtype()) == null ? spec.dtype() : DTypes.normalize(r.dtype());
        int actBytes = DTypes.bytes(dtype);
        QuantizationSpec q = r.quantization() != null ? r.quantization() : spec.quantization();
        long rotary = spec.maxPositionEmbeddings() * spec.rotaryDim() * actBytes;
        long weights = TransformersRule.weightBytes(spec, q, actBytes) / tp + rotary;
        int maxModelLen = maxModelLen(spec, r);
        int batched = r.maxNumBatchedTokens() != null ? r.maxNumBatchedTokens() : EstimateRequest.DEFAULT_MAX_NUM_BATCHED_TOKENS;
        Long total = r.gpuTotalBytes();
        int samplerRows = samplerRows(total);
        long activations = activationPeak(spec, batched, actBytes, samplerRows);
        long nonTorch = NON_TORCH_BYTES + (tp > 1 ? NON_TORCH_TP_BASE_BYTES + tp * NON_TORCH_TP_PER_RANK_BYTES : 0);
        int captures = captureSizes(MAX_CAPTURE_SIZE);
        long graphs = r.enforceEager() ? 0 : CudaGraphPool.bytes(spec, captures);
        Map<EstimateComponent, EstimatedFigure> c = new EnumMap<>(EstimateComponent.class);
        List<String> why = new ArrayList<>();
        c.put(EstimateComponent.WEIGHTS, EstimatedFigure.of(weights,
                "weight bytes / TP + rotary cos/sin cache (max_position_embeddings × rotary dim × dtype)",
                "weight_bytes", spec.weightBytes(), "tp", tp, "rotary_cache", rotary, "quantization", q.method()));
        c.put(EstimateComponent.ACTIVATIONS, EstimatedFigure.of(activations,
                "profile pass: max_num_batched_tokens × hidden × dtype + sampler warm-up " + samplerRows
                        + " rows (vLLM's default max_num_seqs: 1024 from 70 GiB of GPU memory, else 256) × vocab × (dtype + " + SAMPLER_BYTES_PER_LOGIT + " B) [+ fused-MoE caches]",
                "max_num_batched_tokens", batched, "hidden", spec.hiddenSize(),
                "active_ffn", spec.activeIntermediateSize(), "vocab", spec.vocabSize(), "sampler_rows", samplerRows));
        c.put(EstimateComponent.OTHER, EstimatedFigure.of(nonTorch,
                "non-torch memory (cuBLAS) 0.25 GiB" + (tp > 1 ? " + NCCL and custom all-reduce: 1.75 GiB + 0.0425 GiB × TP" : ""),
                "tp", tp));
        c.put(EstimateComponent.CUDA_CONTEXT, EstimatedFigure.of(CUDA_CONTEXT_BYTES,
                "CUDA context before vLLM's budget snapshot (0.51 GiB, vLLM 0.19 on H100)", "bytes", CUDA_CONTEXT_BYTES));
        if (!r.enforceEager()) {
            c.put(EstimateComponent.CUDA_GRAPHS, EstimatedFigure.of(graphs,
                    "captured CUDA graphs, " + CudaGraphPool.formula() + "; "
                            + (r.cudaGraphsInBudget() ? "inside the budget (v0.21+)" : "on top of the budget (before v0.21)"),
                    "capture_sizes", captures, "layers", spec.layers(), "first_capture", CudaGraphPool.firstCaptureBytes(spec),
                    "per_graph", CudaGraphPool.perGraphBytes(spec), "in_budget", r.cudaGraphsInBudget()));
        }
        if (total == null) {
            why.add("vLLM: no GPU size given, so no KV pool, capacity or nvidia-smi peak; pass --gpu or --gpu-memory-gib");
            long peak = weights + activations + nonTorch + graphs + CUDA_CONTEXT_BYTES;
            return new Estimate(Engine.VLLM, c, EstimatedFigure.of(peak,
                    "lower bound without a KV pool: weights + activations + other + graphs + context"),
                    null, null, null, null, why);
        }
        long budget = Math.round(total * r.gpuMemoryUtilization());
        long kv = budget - weights - activations - nonTorch - (r.cudaGraphsInBudget() ? graphs : 0);
        int kvBytes = KvCacheSizer.elementBytes(spec, r.kvCacheDtype(), dtype);
        long perToken = KvCacheSizer.bytesPerToken(spec, tp, kvBytes);
        long blockBytes = perToken * r.blockSize();
        long blocks = Math.max(0, kv) / blockBytes;
        long kvTokens = blocks * r.blockSize();
        long blocksPerRequest = (maxModelLen + r.blockSize() - 1) / r.blockSize();
        double concurrency = (double) blocks / blocksPerRequest;
        c.put(EstimateComponent.KV_CACHE, EstimatedFigure.of(Math.max(0, kv),
                "total × gpu_memory_utilization − weights − activations − other"
                        + (r.cudaGraphsInBudget() && !r.enforceEager() ? " − CUDA graphs" : ""),
                "budget", budget, "blocks", blocks, "block_size", r.blockSize(), "kv_bytes_per_token", perToken,
                "kv_formula", KvCacheSizer.formula(spec)));
        long peak = CUDA_CONTEXT_BYTES + budget + (r.cudaGraphsInBudget() ? 0 : graphs);
        boolean fits = kv > 0 && blocks >= blocksPerRequest;
        why.add(String.format(Locale.ROOT, "vLLM budget %.2f GiB = %.2f GiB × %.2f; KV pool %.2f GiB = %,d blocks of %d tokens",
                Bytes.toGib(budget), Bytes.toGib(total), r.gpuMemoryUtilization(), Bytes.toGib(Math.max(0, kv)), blocks,
                r.blockSize()));
        why.add(String.format(Locale.ROOT, "KV capacity %,d tokens; maximum concurrency %.2fx for %,d tokens per request",
                kvTokens, concurrency, maxModelLen));
        if (r.cudaGraphsInBudget() && !r.enforceEager()) {
            why.add(String.format(Locale.ROOT, "CUDA graphs (%.2f GiB) come out of the budget (vLLM 0.21+): "
                    + "--gpu-memory-utilization %.4f is equivalent to %.4f without CUDA graph memory profiling",
                    Bytes.toGib(graphs), r.gpuMemoryUtilization(),
                    VllmVersions.utilizationWithoutGraphProfiling(r.gpuMemoryUtilization(), graphs, total)));
        }
        if (!fits) {
            why.add("does not fit: the KV pool cannot hold one request of max_model_len " + maxModelLen
                    + "; raise gpu_memory_utilization, lower max_model_len, quantize, or raise tensor parallelism");
        }
        return new Estimate(Engine.VLLM, c, EstimatedFigure.of(peak,
                "CUDA context + total × gpu_memory_utilization" + (r.cudaGraphsInBudget() ? "" : " + CUDA graphs"),
                "cuda_context", CUDA_CONTEXT_BYTES, "budget", budget), kvTokens, concurrency, total, fits, why);
    }

    /** --max-model-len, else the model's max_position_embeddings, else input + output. */
    static int maxModelLen(ModelSpec spec, EstimateRequest r) {
        if (r.maxModelLen() != null) {
            return r.maxModelLen();
        }
        long positions = spec.maxPositionEmbeddings() > 0 ? spec.maxPositionEmbeddings() : (long) r.inputLen() + r.outputLen();
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, positions));
    }

    /** KV bytes one request of max_model_len holds per GPU: whole blocks of block_size tokens. */
    static long requestKvBytes(ModelSpec spec, EstimateRequest r) {
        String dtype = DTypes.normalize(r.dtype()) == null ? spec.dtype() : DTypes.normalize(r.dtype());
        long perToken = KvCacheSizer.bytesPerToken(spec, r.tensorParallelSize(),
                KvCacheSizer.elementBytes(spec, r.kvCacheDtype(), dtype));
        long blocks = (maxModelLen(spec, r) + (long) r.blockSize() - 1) / r.blockSize();
        return Exact.mul(blocks, r.blockSize(), perToken);
    }

    /** How many batch sizes vLLM captures graphs for, up to {@code max}: 1, 2, 4, 8..256 by 8, 272..max by 16. */
    static int captureSizes(int max) {
        int n = 0;
        for (int size : new int[] {1, 2, 4}) {
            n += size <= max ? 1 : 0;
        }
        for (int size = 8; size <= Math.min(max, 256); size += 8) {
            n++;
        }
        for (int size = 272; size <= max; size += 16) {
            n++;
        }
        return n;
    }

    /** vLLM's default max_num_seqs for the GPU's size; unknown size: the large-GPU default. */
    static int samplerRows(Long gpuTotalBytes) {
        return gpuTotalBytes != null && gpuTotalBytes < LARGE_GPU_BYTES ? SAMPLER_ROWS_SMALL_GPU : SAMPLER_ROWS;
    }

    static long activationPeak(ModelSpec spec, long tokens, int actBytes, int samplerRows) {
        long perToken = spec.hiddenSize();
        long moe = spec.isMoe()
                ? Exact.mul(tokens, spec.moe().expertsPerToken(), 3L * spec.moe().expertIntermediateSize() + spec.hiddenSize(), actBytes)
                : 0;
        return Exact.mul(tokens, perToken, actBytes) + (long) samplerRows * spec.vocabSize() * (actBytes + SAMPLER_BYTES_PER_LOGIT) + moe;
    }
}
