package dev.memlens.core.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A report's latency distributions as one table, the same in the app's Latency tab and the HTML report: a row per
 * distribution (end-to-end, TTFT, ITL), columns {@link #DISTRIBUTION}, {@link #SAMPLES}, mean, std dev and each
 * percentile the report holds, values in ms ("—" unknown). Names from {@link HumanNames}.
 *
 * @param distributions the distributions by human name, in the order shown
 * @param columns       the column names, in order
 * @param rows          one map per distribution, column name → cell text
 */
public record LatencyTable(Map<String, LatencyStats> distributions, List<String> columns,
                           List<Map<String, String>> rows) {
    public static final String DISTRIBUTION = "Distribution";
    public static final String SAMPLES = "Samples";

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public static LatencyTable of(ProfileReport r) {
        Map<String, LatencyStats> distributions = distributions(r);
        TreeSet<String> keys = new TreeSet<>((a, b) -> Double.compare(num(a), num(b)));
        distributions.values().forEach(s -> keys.addAll(s.percentiles().keySet()));
        List<String> columns = new ArrayList<>(List.of(DISTRIBUTION, SAMPLES, HumanNames.MEAN, HumanNames.STD));
        keys.forEach(k -> columns.add(HumanNames.percentile(k)));
        List<Map<String, String>> rows = new ArrayList<>();
        distributions.forEach((name, s) -> {
            Map<String, String> row = new LinkedHashMap<>();
            row.put(DISTRIBUTION, name);
            row.put(SAMPLES, s.latencies().isEmpty() ? "—" : String.valueOf(s.latencies().size()));
            row.put(HumanNames.MEAN, ms(s.avgSeconds() != null ? s.avgSeconds() : mean(s.latencies())));
            row.put(HumanNames.STD, ms(s.stdSeconds()));
            keys.forEach(k -> row.put(HumanNames.percentile(k), ms(s.percentile(k))));
            rows.add(row);
        });
        return new LatencyTable(distributions, List.copyOf(columns), List.copyOf(rows));
    }

    /** Output tokens per second: the API run's own figure, or a bench run's batch × output length ÷ mean latency. */
    public static Double tokensPerSecond(ProfileReport r) {
        if (r == null) {
            return null;
        }
        if (r.apiStats() != null && r.apiStats().outputTokensPerSecond() != null) {
            return r.apiStats().outputTokensPerSecond();
        }
        BenchmarkParameters p = r.parameters();
        LatencyStats l = r.latency();
        if (l != null && l.avgSeconds() != null && l.avgSeconds() > 0 && p.batchSize() != null && p.outputLen() != null) {
            return p.batchSize() * (double) p.outputLen() / l.avgSeconds();
        }
        return null;
    }

    /** The distributions a report holds, by human name: an API run's three, else the bench run's end-to-end. */
    private static Map<String, LatencyStats> distributions(ProfileReport r) {
        Map<String, LatencyStats> out = new LinkedHashMap<>();
        if (r == null) {
            return out;
        }
        ApiStats api = r.apiStats();
        if (api != null) {
            put(out, HumanNames.END_TO_END, api.endToEnd());
            put(out, HumanNames.TIME_TO_FIRST_TOKEN, api.timeToFirstToken());
            put(out, HumanNames.INTER_TOKEN, api.interTokenLatency());
        }
        if (!out.containsKey(HumanNames.END_TO_END)) {
            put(out, HumanNames.END_TO_END, r.latency());
        }
        return out;
    }

    private static void put(Map<String, LatencyStats> out, String name, LatencyStats s) {
        if (s != null && (s.avgSeconds() != null || !s.latencies().isEmpty() || !s.percentiles().isEmpty())) {
            out.put(name, s);
        }
    }

    private static double num(String key) {
        try {
            return Double.parseDouble(key);
        } catch (NumberFormatException e) {
            return Double.MAX_VALUE;
        }
    }

    private static Double mean(List<Double> v) {
        return v.isEmpty() ? null : v.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    private static String ms(Double seconds) {
        return seconds == null ? "—" : String.format(Locale.ROOT, "%.1f ms", seconds * 1000);
    }
}
