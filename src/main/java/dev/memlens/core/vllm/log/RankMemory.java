package dev.memlens.core.vllm.log;

import java.util.Map;

/**
 * The figures one tensor-parallel rank's start-up log gives; {@code null} where the log does not say.
 * Byte figures are exact conversions of vLLM's GiB figures (2^30); vLLM rounds them to 2 or 4 decimals.
 * Engine-wide figures (tokens, blocks, concurrency, max model length, utilisation) are copied to every rank.
 */
public record RankMemory(int rank,
                         Long weightsBytes,
                         Long activationPeakBytes,
                         Long nonTorchBytes,
                         Long kvCacheBytes,
                         Long kvCacheTokens,
                         Long numGpuBlocks,
                         Double maxConcurrency,
                         Long maxModelLen,
                         Long cudaGraphBytes,
                         Long cudaGraphEstimatedBytes,
                         Long totalGpuMemoryBytes,
                         Double gpuMemoryUtilization,
                         Map<String, String> quotes) {
    public RankMemory {
        quotes = quotes == null ? Map.of() : Map.copyOf(quotes);
    }

    /**
     * Whether the logged activation peak includes vLLM's CUDA graph estimate: so it does in the budget line of PR
     * #47374 ("consumed memory (weights + non-torch)", v0.27+), whose terms add up to the budget with no separate
     * graph reservation (v0.27.1: 56.89 + 0.76 + 27.85 = 85.51 GiB).
     */
    public boolean activationPeakIncludesGraphEstimate() {
        return quotes.containsKey(MemoryKind.WEIGHTS_PLUS_NON_TORCH.name());
    }

    /** The log message a figure came from ({@link MemoryKind} or {@link KvCapacityKind}), or null. */
    public String quote(Enum<?> figure) {
        return quotes.get(figure.name());
    }
}
