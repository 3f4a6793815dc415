package dev.memlens.core.vllm.metrics;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What vLLM's {@code /metrics} says about its KV cache at one moment. Values summed over engines (data-parallel
 * ranks) for request counts; the usage fraction is the mean over engines (each engine has its own, equal, pool).
 *
 * @param kvCacheUsageFraction {@code vllm:kv_cache_usage_perc} (older: {@code vllm:gpu_cache_usage_perc}), 0..1 of the
 *                             allocated KV blocks; {@code null} if absent
 * @param runningRequests      {@code vllm:num_requests_running}; {@code null} if absent
 * @param waitingRequests      {@code vllm:num_requests_waiting}; {@code null} if absent
 * @param preemptionsTotal     {@code vllm:num_preemptions_total}, a counter since the engine started; {@code null} if
 *                             absent
 * @param cacheConfig          the labels of {@code vllm:cache_config_info} (engine "0" if several), empty if absent
 */
public record VllmMetricsSnapshot(Double kvCacheUsageFraction, Double runningRequests, Double waitingRequests,
                                  Double preemptionsTotal, Map<String, String> cacheConfig) {
    public VllmMetricsSnapshot {
        cacheConfig = Map.copyOf(cacheConfig);
    }

    public OptionalLong numGpuBlocks() {
        return longLabel("num_gpu_blocks");
    }

    public OptionalLong blockSize() {
        return longLabel("block_size");
    }

    public OptionalDouble gpuMemoryUtilization() {
        try {
            String v = cacheConfig.get("gpu_memory_utilization");
            return v == null ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(v));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** "auto", "fp8", ...; {@code null} if not reported. */
    public String cacheDtype() {
        return cacheConfig.get("cache_dtype");
    }

    /** KV bytes in use, given the pool size in bytes (e.g. the log's "Available KV cache memory" for one rank). */
    public OptionalLong kvCacheBytesInUse(long kvPoolBytes) {
        if (kvCacheUsageFraction == null || kvPoolBytes < 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.round(kvCacheUsageFraction * kvPoolBytes));
    }

    /**
     * KV bytes in use from the block count of cache_config_info and the bytes of one block
     * (block_size × per-token KV bytes of the rank, see the KV sizing rules).
     */
    public OptionalLong kvCacheBytesInUseFromBlocks(long bytesPerBlock) {
        OptionalLong blocks = numGpuBlocks();
        if (blocks.isEmpty() || bytesPerBlock <= 0) {
            return OptionalLong.empty();
        }
        return kvCacheBytesInUse(blocks.getAsLong() * bytesPerBlock);
    }

    private OptionalLong longLabel(String name) {
        try {
            String v = cacheConfig.get(name);
            return v == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty(); // "None" before the engine sized its cache
        }
    }
}
