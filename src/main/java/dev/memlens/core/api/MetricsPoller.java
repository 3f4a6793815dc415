package dev.memlens.core.api;

import dev.memlens.core.process.ProgramThreads;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Fetches vLLM's /metrics every interval on a daemon thread and hands the raw Prometheus text on (parsing
 * is the vLLM metrics parser's job). Fixed delay, so a slow server never gets overlapping requests.
 * A failed fetch goes to the error consumer and polling continues.
 */
public final class MetricsPoller implements AutoCloseable {
    private final VllmApiClient client;
    private final Duration interval;
    private final Consumer<String> onMetricsText;
    private final Consumer<VllmApiException> onError;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            ProgramThreads.factory("memlens-metrics-poller"));
    private volatile Duration fetchTimeout = Duration.ofSeconds(10);
    private volatile boolean abandoned;

    public MetricsPoller(VllmApiClient client, Duration interval, Consumer<String> onMetricsText,
                         Consumer<VllmApiException> onError) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the metrics interval must be positive, got " + interval);
        }
        this.client = client;
        this.interval = interval;
        this.onMetricsText = onMetricsText;
        this.onError = onError;
    }

    /** Starts polling now (first fetch at once). */
    public void start() {
        Duration timeout = interval.multipliedBy(5).compareTo(Duration.ofSeconds(10)) < 0
                ? Duration.ofSeconds(10) : interval.multipliedBy(5);
        fetchTimeout = timeout;
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                onMetricsText.accept(client.fetchMetrics(timeout));
            } catch (VllmApiException e) {
                if (!abandoned) { // a fetch we cut short is no failure of the server's
                    onError.accept(e);
                }
            } catch (RuntimeException e) {
                onError.accept(new VllmApiException("handling /metrics failed: " + e.getMessage(), e));
            }
        }, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Stops polling. A fetch in flight is let finish (up to its timeout) and handed on, so a scrape the server
     * answered is never lost; an interrupt of the closing thread abandons it at once.
     */
    @Override
    public void close() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(fetchTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                abandon();
            }
        } catch (InterruptedException e) {
            abandon();
            Thread.currentThread().interrupt();
        }
    }

    /** Stops polling at once (a cancelled run): a fetch in flight is abandoned, and its failure not reported. */
    public void abandon() {
        abandoned = true;
        scheduler.shutdownNow();
    }
}
