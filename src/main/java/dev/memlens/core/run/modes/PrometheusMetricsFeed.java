package dev.memlens.core.run.modes;

import dev.memlens.core.process.ProgramThreads;
import dev.memlens.core.prometheus.PrometheusException;
import dev.memlens.core.vllm.metrics.PrometheusVllmSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * vLLM's metrics of an api run read through Prometheus: while the requests run, the newest stored scrapes every
 * interval for the live view; at the end, every scrape Prometheus stored between the run's start and its end (raw
 * samples, none resampled), after waiting briefly for the scrape that follows the end so the run's tail is in.
 */
final class PrometheusMetricsFeed implements AutoCloseable {
    /** How long the end waits for a scrape stamped after the requests finished. */
    static final Duration TAIL_WAIT = Duration.ofSeconds(5);
    /** The live read looks back this far: samples reach the TSDB a little after their scrape time. */
    private static final long LIVE_LOOKBACK_MS = 30_000;

    private final PrometheusVllmSeries series;
    private final long startEpochMillis;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            ProgramThreads.factory("memlens-prometheus-vllm"));
    private long lastLiveMillis = Long.MIN_VALUE;
    /** Set by {@link #close}: a read that was in flight then hands nothing on (its interrupt is no error). */
    private volatile boolean stopped;

    PrometheusMetricsFeed(PrometheusVllmSeries series, long startEpochMillis) {
        this.series = series;
        this.startEpochMillis = startEpochMillis;
    }

    /** Reads the new scrapes every {@code interval} on a daemon thread, handing each on once. */
    void start(Duration interval, Consumer<PrometheusVllmSeries.Scrape> live, Consumer<PrometheusException> onError) {
        scheduler.scheduleWithFixedDelay(() -> {
            long now = System.currentTimeMillis();
            try {
                for (PrometheusVllmSeries.Scrape scrape : read(Math.max(startEpochMillis, now - LIVE_LOOKBACK_MS),
                        now)) {
                    if (!stopped && scrape.epochMillis() > lastLiveMillis) {
                        lastLiveMillis = scrape.epochMillis();
                        live.accept(scrape);
                    }
                }
            } catch (PrometheusException e) {
                if (!stopped) {
                    onError.accept(e);
                }
            } catch (RuntimeException e) {
                if (!stopped) {
                    onError.accept(new PrometheusException("reading vLLM's metrics from Prometheus failed: "
                            + e.getMessage(), e));
                }
            }
        }, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Every scrape from the run's start to {@code endEpochMillis} and the first one after it (when it arrives within
     * {@link #TAIL_WAIT}), oldest first.
     */
    List<PrometheusVllmSeries.Scrape> finish(long endEpochMillis) throws PrometheusException, InterruptedException {
        close();
        // the live read in flight must not add a point after the stored series replaced the live ones
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
        long deadline = System.currentTimeMillis() + TAIL_WAIT.toMillis();
        while (true) {
            long now = System.currentTimeMillis();
            List<PrometheusVllmSeries.Scrape> scrapes = read(startEpochMillis, now);
            boolean tailIn = !scrapes.isEmpty() && scrapes.get(scrapes.size() - 1).epochMillis() >= endEpochMillis;
            if (tailIn || now >= deadline) {
                return scrapes;
            }
            Thread.sleep(250); // Prometheus scrapes on its own schedule; nothing to wait on but the next query
        }
    }

    private List<PrometheusVllmSeries.Scrape> read(long fromMillis, long toMillis) throws PrometheusException {
        if (toMillis <= fromMillis) {
            return List.of();
        }
        return series.read(Instant.ofEpochMilli(fromMillis), Instant.ofEpochMilli(toMillis));
    }

    /** Stops the live reads; a read in flight is abandoned. */
    @Override
    public void close() {
        stopped = true;
        scheduler.shutdownNow();
    }
}
