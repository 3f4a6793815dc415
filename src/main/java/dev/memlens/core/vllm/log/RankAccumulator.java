package dev.memlens.core.vllm.log;

import java.util.EnumMap;
import java.util.Map;

/** Mutable figures of one rank while the log streams by. */
final class RankAccumulator {
    final int rank;
    final Map<MemoryKind, Long> memory = new EnumMap<>(MemoryKind.class);
    final Map<KvCapacityKind, Double> capacity = new EnumMap<>(KvCapacityKind.class);
    Double gpuMemoryUtilization;
    /** The log message each figure came from, by {@link MemoryKind} or {@link KvCapacityKind} name. */
    final Map<String, String> quotes = new java.util.HashMap<>();

    RankAccumulator(int rank) {
        this.rank = rank;
    }

    FailureDetector.Phase phase() {
        if (!memory.containsKey(MemoryKind.WEIGHTS)) {
            return FailureDetector.Phase.LOADING;
        }
        if (!memory.containsKey(MemoryKind.KV_CACHE) && !capacity.containsKey(KvCapacityKind.TOKENS)
                && !capacity.containsKey(KvCapacityKind.GPU_BLOCKS)) {
            return FailureDetector.Phase.PROFILING;
        }
        return FailureDetector.Phase.RUNNING;
    }

    /**
     * Freezes the figures; engine-wide ones missing here come from {@code engine} (rank 0, where the engine core and
     * the scheduler log them), then from the engine config / arguments.
     */
    RankMemory toRankMemory(RankAccumulator engine, Long fallbackMaxModelLen, Double fallbackUtilization) {
        Long activation = memory.get(MemoryKind.ACTIVATION_PEAK);
        Long weights = memory.get(MemoryKind.WEIGHTS);
        Long peakTorch = memory.get(MemoryKind.PEAK_TORCH);
        if (activation == null && peakTorch != null && weights != null && peakTorch >= weights) {
            // v0.6.3 and earlier print the peak including weights; vLLM itself subtracts nothing, so we do.
            activation = peakTorch - weights;
        }
        Long nonTorch = memory.get(MemoryKind.NON_TORCH);
        Long consumed = memory.get(MemoryKind.WEIGHTS_PLUS_NON_TORCH);
        if (nonTorch == null && consumed != null && weights != null && consumed >= weights) {
            // the v0.2x budget line gives weights + non-torch together; the weights line gives the first part
            nonTorch = consumed - weights;
        }
        Long maxModelLen = asLong(shared(KvCapacityKind.MAX_MODEL_LEN, engine));
        Double util = gpuMemoryUtilization != null ? gpuMemoryUtilization
                : engine != null && engine.gpuMemoryUtilization != null ? engine.gpuMemoryUtilization : fallbackUtilization;
        return new RankMemory(rank, weights, activation, nonTorch,
                memory.get(MemoryKind.KV_CACHE), asLong(shared(KvCapacityKind.TOKENS, engine)),
                asLong(shared(KvCapacityKind.GPU_BLOCKS, engine)), shared(KvCapacityKind.MAX_CONCURRENCY, engine),
                maxModelLen != null ? maxModelLen : fallbackMaxModelLen, memory.get(MemoryKind.CUDA_GRAPH),
                memory.get(MemoryKind.CUDA_GRAPH_ESTIMATE), memory.get(MemoryKind.TOTAL_GPU_MEMORY), util,
                quotes(engine));
    }

    /** This rank's quotes, with the engine's for the engine-wide figures this rank did not log itself. */
    private Map<String, String> quotes(RankAccumulator engine) {
        Map<String, String> all = new java.util.HashMap<>(engine == null ? Map.of() : engine.quotes);
        all.putAll(quotes);
        return all;
    }

    private Double shared(KvCapacityKind kind, RankAccumulator engine) {
        Double own = capacity.get(kind);
        return own != null ? own : engine == null ? null : engine.capacity.get(kind);
    }

    private static Long asLong(Double d) {
        return d == null ? null : Math.round(d);
    }
}
