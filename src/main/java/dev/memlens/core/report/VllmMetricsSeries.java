package dev.memlens.core.report;

import java.util.List;

/**
 * vLLM's /metrics over a run, one point per scrape, stamped in milliseconds since the run started (the clock of the
 * GPU timeline, so both line up). Absent values are null: an older vLLM may lack a series.
 *
 * @param points the scrapes, oldest first
 * @param source where they were read, for the report and the summary ("vLLM /metrics, polled every 500 ms",
 *               "Prometheus http://prom:9090 {...}, every stored scrape"); null when a report does not say
 */
public record VllmMetricsSeries(List<Point> points, String source) {

    /**
     * One scrape.
     *
     * @param atMillis           ms since the run started
     * @param kvUsageFraction    vllm:kv_cache_usage_perc (0..1)
     * @param runningRequests    vllm:num_requests_running
     * @param waitingRequests    vllm:num_requests_waiting
     * @param preemptionsTotal   vllm:num_preemptions_total, a counter since the engine started
     */
    public record Point(long atMillis, Double kvUsageFraction, Double runningRequests, Double waitingRequests,
                        Double preemptionsTotal) {
    }

    /** The figures the report and the CLI summary show; null where no point had the value. */
    public record Summary(Double kvUsagePeakFraction, Double runningPeak, Double waitingPeak, Long preemptions) {
        /** Preemptions during the run mean the KV cache ran out: vLLM evicted requests to make room. */
        public boolean memoryPressure() {
            return preemptions != null && preemptions > 0;
        }

        /** One line: "KV cache peak 87.5 %, running peak 4, waiting peak 2, preemptions 3 (memory pressure: ...)". */
        public String describe() {
            String text = "KV cache peak " + (kvUsagePeakFraction == null ? "—"
                    : String.format(java.util.Locale.ROOT, "%.1f %%", kvUsagePeakFraction * 100))
                    + ", running peak " + count(runningPeak) + ", waiting peak " + count(waitingPeak)
                    + ", preemptions " + (preemptions == null ? "—" : preemptions);
            return memoryPressure() ? text + " (memory pressure: vLLM preempted requests because the KV cache was full)"
                    : text;
        }

        private static String count(Double v) {
            return v == null ? "—" : v == Math.rint(v) ? String.valueOf(v.longValue()) : String.valueOf(v);
        }
    }

    public VllmMetricsSeries {
        points = List.copyOf(points);
    }

    /** A series whose source is not known (a report written before the source was recorded). */
    public VllmMetricsSeries(List<Point> points) {
        this(points, null);
    }

    public boolean isEmpty() {
        return points.isEmpty();
    }

    public Summary summary() {
        return new Summary(peak(Point::kvUsageFraction), peak(Point::runningRequests), peak(Point::waitingRequests),
                preemptionsDuringRun());
    }

    /**
     * The counter's increase over the run (the sum of {@link #preemptionEvents()}); null when no scrape had it.
     */
    public Long preemptionsDuringRun() {
        if (points.stream().noneMatch(p -> finite(p.preemptionsTotal()))) {
            return null;
        }
        return preemptionEvents().stream().mapToLong(Preemption::count).sum();
    }

    /** A rise of the preemption counter between two scrapes: when it was seen and by how much. */
    public record Preemption(long atMillis, long count) {
    }

    /**
     * Each scrape at which the preemption counter rose (the chart's markers); a drop means the engine restarted
     * (the counter began again at zero), so the value after the drop counts in full.
     */
    public List<Preemption> preemptionEvents() {
        List<Preemption> events = new java.util.ArrayList<>();
        Double previous = null;
        for (Point p : points) {
            Double v = p.preemptionsTotal();
            if (!finite(v)) {
                continue;
            }
            if (previous != null) {
                long rise = rise(previous, v);
                if (rise > 0) {
                    events.add(new Preemption(p.atMillis(), rise));
                }
            }
            previous = v;
        }
        return events;
    }

    /** How much the preemption counter rose from one scrape to the next (after a drop, the engine restarted). */
    public static long rise(double previousTotal, double total) {
        return Math.round(total >= previousTotal ? total - previousTotal : total);
    }

    private static boolean finite(Double v) {
        return v != null && Double.isFinite(v);
    }

    private Double peak(java.util.function.Function<Point, Double> value) {
        return points.stream().map(value).filter(v -> v != null && !v.isNaN()).max(Double::compare).orElse(null);
    }
}
