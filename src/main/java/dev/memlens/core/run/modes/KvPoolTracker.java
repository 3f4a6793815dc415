package dev.memlens.core.run.modes;

import dev.memlens.core.estimate.KvCacheSizer;
import dev.memlens.core.model.ModelSpec;
import dev.memlens.core.vllm.metrics.VllmMetricsSnapshot;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Follows vLLM's KV usage from /metrics: the peak fraction, and the pool's bytes when the block count
 * (cache_config_info) and the bytes of one token (from the model's config) are both known. Thread-safe.
 */
final class KvPoolTracker {
    /** One /metrics reading: fraction 0..1, bytes in use or null. */
    record Usage(double fraction, Long bytesInUse) {
    }

    /** The pool over all ranks and how it was computed. */
    record Pool(long bytes, long blocks, long blockSize, long bytesPerTokenPerRank, int ranks, String cacheDtype) {
        String formula() {
            return "num_gpu_blocks " + blocks + " × block_size " + blockSize + " (vLLM /metrics) × " + bytesPerTokenPerRank
                    + " B/token/rank (config)" + (ranks > 1 ? " × " + ranks + " ranks" : "");
        }
    }

    private double peakFraction = -1;
    private Pool pool;
    private Double gpuMemoryUtilization;
    private String cacheDtype;

    synchronized Optional<Usage> accept(VllmMetricsSnapshot snapshot, ModelSpec spec, int tensorParallelSize) {
        if (!snapshot.cacheConfig().isEmpty()) {
            cacheDtype = snapshot.cacheDtype();
            snapshot.gpuMemoryUtilization().ifPresent(v -> gpuMemoryUtilization = v);
            if (pool == null && spec != null) {
                pool = pool(snapshot, spec, tensorParallelSize);
            }
        }
        Double fraction = snapshot.kvCacheUsageFraction();
        if (fraction == null) {
            return Optional.empty();
        }
        peakFraction = Math.max(peakFraction, fraction);
        return Optional.of(new Usage(fraction, pool == null ? null : Math.round(fraction * pool.bytes())));
    }

    private static Pool pool(VllmMetricsSnapshot snapshot, ModelSpec spec, int ranks) {
        OptionalLong blocks = snapshot.numGpuBlocks();
        OptionalLong blockSize = snapshot.blockSize();
        if (blocks.isEmpty() || blockSize.isEmpty()) {
            return null;
        }
        try {
            int elementBytes = KvCacheSizer.elementBytes(spec, snapshot.cacheDtype(), null);
            long perToken = KvCacheSizer.bytesPerToken(spec, ranks, elementBytes);
            return new Pool(blocks.getAsLong() * blockSize.getAsLong() * perToken * ranks, blocks.getAsLong(),
                    blockSize.getAsLong(), perToken, ranks, snapshot.cacheDtype());
        } catch (IllegalArgumentException e) {
            return null; // a dtype without a size ("auto" and no torch_dtype in the config): fraction only
        }
    }

    synchronized Optional<Pool> pool() {
        return Optional.ofNullable(pool);
    }

    /** The highest usage seen, empty when /metrics never reported one. */
    synchronized Optional<Double> peakFraction() {
        return peakFraction < 0 ? Optional.empty() : Optional.of(peakFraction);
    }

    synchronized Double gpuMemoryUtilization() {
        return gpuMemoryUtilization;
    }

    synchronized String cacheDtype() {
        return cacheDtype;
    }
}
