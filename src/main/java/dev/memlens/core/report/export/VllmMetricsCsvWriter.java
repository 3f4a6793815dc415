package dev.memlens.core.report.export;

import dev.memlens.core.io.AtomicFiles;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.VllmMetricsSeries;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;

/**
 * Exports vLLM's /metrics series of an api run, one row per scrape: the wall-clock time (the run's start plus the
 * elapsed time, as the timeline CSV writes it, so both files join on {@code timestamp_ms}), the elapsed time, the KV
 * usage fraction, running and waiting requests and the preemption counter. Blank cells are absent values.
 */
public final class VllmMetricsCsvWriter {
    public static final String HEADER = "timestamp_ms,elapsed_ms,kv_cache_usage_fraction,requests_running,"
            + "requests_waiting,preemptions_total";

    private VllmMetricsCsvWriter() {
    }

    /** Where the series goes next to a timeline CSV: {@code run.csv} → {@code run-vllm-metrics.csv}. */
    public static Path besides(Path timelineCsv) {
        String name = timelineCsv.getFileName().toString();
        String stem = name.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4)
                : name;
        return timelineCsv.resolveSibling(stem + "-vllm-metrics.csv");
    }

    public static void write(ProfileReport report, Path file) throws IOException {
        AtomicFiles.write(file, out -> write(report, out));
    }

    public static void write(ProfileReport report, Writer out) throws IOException {
        out.write(HEADER + "\n");
        if (report.vllmMetrics() == null) {
            return;
        }
        long start = report.startedAt() == null ? 0 : report.startedAt().toEpochMilli();
        for (VllmMetricsSeries.Point p : report.vllmMetrics().points()) {
            out.write((start + p.atMillis()) + "," + p.atMillis() + "," + cell(p.kvUsageFraction()) + ","
                    + cell(p.runningRequests()) + "," + cell(p.waitingRequests()) + "," + cell(p.preemptionsTotal())
                    + "\n");
        }
    }

    private static String cell(Double v) {
        return v == null || !Double.isFinite(v) ? "" : v == Math.rint(v) && Math.abs(v) < 1e15
                ? String.valueOf(v.longValue()) : String.valueOf(v);
    }
}
