package dev.memlens.core.gpu.prometheus;

import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.gpu.GpuSampler;
import dev.memlens.core.gpu.GpuSamplerError;
import dev.memlens.core.gpu.GpuSamplerException;
import dev.memlens.core.gpu.GpuSamplerOptions;
import dev.memlens.core.gpu.GpuSelection;
import dev.memlens.core.gpu.PollingGpuSampler;
import dev.memlens.core.gpu.trace.TraceEvent;
import dev.memlens.core.prometheus.PrometheusClient;
import dev.memlens.core.prometheus.PrometheusException;
import dev.memlens.core.prometheus.PrometheusGpuSeries;
import dev.memlens.core.prometheus.PrometheusGpuTrace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows Prometheus's GPU memory series live: each read returns the raw samples stored since the previous read
 * (every scrape, none resampled), so a poll interval longer than the scrape interval loses nothing. The first read
 * returns each GPU's latest sample of the last {@link #LOOKBACK}: the baseline.
 */
public final class PrometheusSnapshotSource implements PollingGpuSampler.SnapshotSource {
    /** How far back the first read looks for each GPU's latest sample. */
    static final Duration LOOKBACK = Duration.ofMinutes(5);

    private final PrometheusGpuSeries series;
    private final String match;
    private final String url;
    private final Map<String, Long> lastSeen = new HashMap<>();
    /** Each GPU's newest sample read so far (by any read): what a reading outside the poll returns. */
    private final Map<String, GpuSample> newest = new LinkedHashMap<>();
    private Instant cursor;

    public PrometheusSnapshotSource(PrometheusClient client, String match) {
        this.series = new PrometheusGpuSeries(client);
        this.match = match;
        this.url = client.base().toString();
    }

    /**
     * A sampler over this source; polls at the options' interval but not more often than once a second. Its
     * {@link GpuSampler#baseline()} (also the session's final reading) is each GPU's newest stored sample.
     */
    public static GpuSampler sampler(PrometheusClient client, String match, GpuSamplerOptions options) {
        GpuSamplerOptions polling = options.withIntervalMs(Math.max(1000, options.intervalMs()));
        PrometheusSnapshotSource source = new PrometheusSnapshotSource(client, match);
        GpuSelection selection = options.gpuIndices().isEmpty() ? GpuSelection.all()
                : GpuSelection.ofIndices(options.gpuIndices());
        String description = "Prometheus (" + client.base() + ")";
        return new LatestReadingSampler(new PollingGpuSampler(description, source, polling, selection), source,
                selection);
    }

    /**
     * Each GPU's newest stored sample now: reads what is new (those samples then count as seen, so call it outside
     * the poll: before the start or after the stop), else the newest read before.
     */
    synchronized List<GpuSample> newest(long timestampMillis) throws GpuSamplerException {
        read(timestampMillis);
        return List.copyOf(newest.values());
    }

    @Override
    public synchronized List<GpuSample> read(long timestampMillis) throws GpuSamplerException {
        Instant now = Instant.ofEpochMilli(timestampMillis);
        boolean first = cursor == null;
        Instant from = first ? now.minus(LOOKBACK) : cursor;
        if (!now.isAfter(from)) {
            return List.of();
        }
        PrometheusGpuTrace trace;
        try {
            trace = PrometheusGpuSeries.join(series.rawSamples(from, now, match));
        } catch (PrometheusException e) {
            throw new GpuSamplerException(GpuSamplerError.Kind.TOOL_FAILED, e.getMessage());
        }
        Map<String, GpuSample> latest = new LinkedHashMap<>();
        List<GpuSample> fresh = new ArrayList<>();
        for (TraceEvent event : trace.trace().events()) {
            if (!(event instanceof TraceEvent.Sample s)) {
                continue;
            }
            GpuSample sample = s.sample();
            Long seen = lastSeen.get(sample.gpuKey());
            if (seen != null && sample.timestampMillis() <= seen) {
                continue;
            }
            latest.put(sample.gpuKey(), sample);
            fresh.add(sample);
        }
        fresh.forEach(sample -> lastSeen.merge(sample.gpuKey(), sample.timestampMillis(), Math::max));
        newest.putAll(latest);
        // samples land in the TSDB a little after their scrape time; overlap the windows and drop what was seen
        cursor = now.minus(Duration.ofSeconds(30));
        if (first) {
            if (latest.isEmpty()) {
                throw new GpuSamplerException(GpuSamplerError.Kind.NO_DEVICES, "Prometheus at " + url + " has no GPU "
                        + "memory series in the last " + LOOKBACK.toMinutes() + " minutes"
                        + (match == null ? "" : " matching " + match) + ": check that it scrapes dcgm-exporter, "
                        + "nvidia_gpu_exporter or nvitop-exporter");
            }
            return List.copyOf(latest.values());
        }
        return fresh;
    }
}
