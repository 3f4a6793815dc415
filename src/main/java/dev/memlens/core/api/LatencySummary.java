package dev.memlens.core.api;

import java.util.Arrays;
import java.util.Collection;

/**
 * Count, mean and percentiles of a set of latencies in seconds. Percentiles interpolate linearly between
 * closest ranks (numpy's default, which vLLM's own benchmarks use). All NaN when there are no values.
 */
public record LatencySummary(int count, double mean, double min, double p50, double p90, double p99, double max) {

    public static LatencySummary of(Collection<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length == 0) {
            return new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new LatencySummary(sorted.length, Arrays.stream(sorted).average().orElseThrow(), sorted[0],
                percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99), sorted[sorted.length - 1]);
    }

    /** The q-th percentile (0..100) of ascending values, linear interpolation. */
    public static double percentile(double[] ascending, double q) {
        if (ascending.length == 1) {
            return ascending[0];
        }
        double rank = q / 100.0 * (ascending.length - 1);
        int low = (int) Math.floor(rank);
        int high = Math.min(low + 1, ascending.length - 1);
        return ascending[low] + (rank - low) * (ascending[high] - ascending[low]);
    }
}
