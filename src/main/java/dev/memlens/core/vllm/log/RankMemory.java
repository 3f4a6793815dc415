package dev.memlens.core.vllm.log;

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
                         Double gpuMemoryUtilization) {
}
