package dev.memlens.core.report;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one latency distribution of MemLens (bench iterations, API request timings), in seconds, as
 * {@code vllm bench latency} writes it: mean, optional standard deviation, percentiles keyed
 * by their string percent ("50", "99"), and the raw per-iteration latencies.
 */
public record LatencyStats(Double avgSeconds, Double stdSeconds, Map<String, Double> percentiles, List<Double> latencies) {
    public LatencyStats {
        percentiles = percentiles == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(percentiles));
        latencies = latencies == null ? List.of() : List.copyOf(latencies);
    }

    public Double percentile(String key) {
        return percentiles.get(key);
    }

    public Double percentile(int percent) {
        return percentiles.get(String.valueOf(percent));
    }
}
