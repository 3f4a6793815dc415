package dev.memlens.core.vllm.bench;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Latency of {@code vllm bench latency}, in seconds; each sample is one whole batch.
 *
 * @param averageSeconds     "Avg latency" / avg_latency
 * @param standardDeviation  "Std latency" / std_latency; {@code null} for versions that do not print it
 * @param percentiles        percentile (10, 25, 50, 75, 90, 99) to seconds
 * @param latencies          every iteration's latency (only the JSON file has them; empty from stdout)
 */
public record LatencyStats(double averageSeconds, Double standardDeviation, SortedMap<Integer, Double> percentiles,
                           List<Double> latencies) {
    public LatencyStats {
        percentiles = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(percentiles));
        latencies = List.copyOf(latencies);
    }

    public Double percentile(int p) {
        return percentiles.get(p);
    }
}
