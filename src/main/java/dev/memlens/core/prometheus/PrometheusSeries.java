package dev.memlens.core.prometheus;

import java.util.Map;

/**
 * One series of raw samples as Prometheus stored them (not resampled): its labels (with {@code __name__}) and its
 * samples in time order.
 */
public record PrometheusSeries(Map<String, String> labels, long[] timesMillis, double[] values) {
    public PrometheusSeries {
        labels = Map.copyOf(labels);
        if (timesMillis.length != values.length) {
            throw new IllegalArgumentException("times and values differ in length");
        }
    }

    public String name() {
        return labels.getOrDefault("__name__", "");
    }

    public int size() {
        return values.length;
    }
}
