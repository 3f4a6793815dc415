package dev.memlens.core.report;

import java.util.Locale;

/**
 * The human names of latency distributions and their statistics, one owner for every view: "Time to first token
 * (TTFT)", "p99", "mean" rather than raw keys such as {@code ttft} or {@code pitl_50}.
 */
public final class StatisticNames {
    public static final String END_TO_END = "End-to-end latency (E2E)";
    public static final String TIME_TO_FIRST_TOKEN = "Time to first token (TTFT)";
    public static final String INTER_TOKEN = "Inter-token latency (ITL)";
    public static final String MEAN = "mean";
    public static final String STD = "std dev";
    public static final String TOKENS_PER_SECOND = "Output tokens per second";

    private StatisticNames() {
    }

    /** "50" → "p50", "99.9" → "p99.9"; anything else unchanged. */
    public static String percentile(String key) {
        String k = key.trim();
        try {
            Double.parseDouble(k);
            return "p" + k;
        } catch (NumberFormatException e) {
            return k.toLowerCase(Locale.ROOT);
        }
    }
}
