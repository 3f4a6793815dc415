package dev.memlens.core.vllm.metrics;

import dev.memlens.core.prometheus.ExporterMetric;
import java.util.Map;

/**
 * The one rule that turns the vLLM samples of one scrape into a {@link VllmMetricsSnapshot}, whether they were read
 * from {@code /metrics} text or from Prometheus: request counts and preemptions are summed over engines
 * (data-parallel ranks), the KV usage is the mean over engines (the current name preferred over the deprecated one),
 * and the cache configuration is engine "0"'s labels (else the first seen).
 */
final class VllmSnapshotBuilder {
    /** The preferred KV usage name (the table lists the current one before the deprecated one). */
    private static final String KV_USAGE = ExporterMetric.TABLE.stream()
            .filter(m -> m.meaning() == ExporterMetric.Meaning.KV_CACHE_USAGE).findFirst().orElseThrow().name();

    private final Sum kv = new Sum();
    private final Sum kvOld = new Sum();
    private final Sum running = new Sum();
    private final Sum waiting = new Sum();
    private final Sum preemptions = new Sum();
    private Map<String, String> cacheConfig = Map.of();

    /** Adds one sample; names outside the table's vLLM rows are ignored. */
    void add(String name, Map<String, String> labels, double value) {
        ExporterMetric metric = ExporterMetric.byName(name).orElse(null);
        if (metric == null) {
            return;
        }
        switch (metric.meaning()) {
            case KV_CACHE_USAGE -> (metric.name().equals(KV_USAGE) ? kv : kvOld).add(value);
            case REQUESTS_RUNNING -> running.add(value);
            case REQUESTS_WAITING -> waiting.add(value);
            case PREEMPTIONS -> preemptions.add(value);
            case CACHE_CONFIG -> {
                if (cacheConfig.isEmpty() || "0".equals(labels.get("engine"))) {
                    cacheConfig = labels;
                }
            }
            default -> {
            }
        }
    }

    VllmMetricsSnapshot build() {
        Double usage = kv.count > 0 ? kv.meanOrNull() : kvOld.meanOrNull();
        return new VllmMetricsSnapshot(usage, running.sumOrNull(), waiting.sumOrNull(), preemptions.sumOrNull(),
                cacheConfig);
    }

    private static final class Sum {
        double total;
        int count;

        void add(double v) {
            total += v;
            count++;
        }

        Double meanOrNull() {
            return count == 0 ? null : total / count;
        }

        Double sumOrNull() {
            return count == 0 ? null : total;
        }
    }
}
