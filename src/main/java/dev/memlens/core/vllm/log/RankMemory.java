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

    /** The log message a figure came from ({@link MemoryKind} or {@link KvCapacityKind}), or null. */
    public String quote(Enum<?> figure) {
        return quotes.get(figure.name());
    }
}
