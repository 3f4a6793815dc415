package dev.memlens.core.vllm.metrics;

import dev.memlens.core.prometheus.ExporterMetric;
import dev.memlens.core.prometheus.PrometheusClient;
import dev.memlens.core.prometheus.PrometheusException;
import dev.memlens.core.prometheus.PrometheusSeries;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * vLLM's metrics as a Prometheus server stored them: every raw sample of the compatibility table's vLLM series in a
 * time range (a range-vector query, nothing resampled), one snapshot per scrape. Prometheus stamps all samples of one
 * scrape with the same time, so grouping by timestamp gives back the scrapes; each is summarised by the same rule as a
 * {@code /metrics} text ({@link VllmSnapshotBuilder}).
 */
public final class PrometheusVllmSeries {
    /** One stored scrape: Prometheus's timestamp (epoch ms) and what it said. */
    public record Scrape(long epochMillis, VllmMetricsSnapshot snapshot) {
    }

    private final PrometheusClient client;
    private final String selector;

    /**
     * @param match label matchers that pick the one server's series (e.g. {@code {instance="10.0.0.5:8000"}})
     * @throws PrometheusException when {@code match} is not a list of label matchers
     */
    public PrometheusVllmSeries(PrometheusClient client, String match) throws PrometheusException {
        this.client = client;
        this.selector = selector(match);
    }

    /** The selector of the table's vLLM series narrowed by {@code match} (the option is --vllm-match). */
    public static String selector(String match) throws PrometheusException {
        return PrometheusClient.withMatchers("__name__=~\"" + ExporterMetric.nameRegex(m -> m.meaning().vllm())
                + "\"", match, "--vllm-match");
    }

    /**
     * The matcher of the scrape target Prometheus would name after the server's URL: {@code instance="HOST:PORT"}
     * (the default port of the scheme when the URL has none).
     */
    public static String instanceMatch(String serverUrl) {
        URI uri = URI.create(serverUrl.strip());
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return "{instance=\"" + uri.getHost() + ":" + port + "\"}";
    }

    public String selector() {
        return selector;
    }

    public URI server() {
        return client.base();
    }

    /** Every stored scrape in [{@code start}, {@code end}], oldest first. */
    public List<Scrape> read(Instant start, Instant end) throws PrometheusException {
        return join(client.rawSamples(selector, start, end));
    }

    /** Groups raw series into scrapes by timestamp. */
    public static List<Scrape> join(List<PrometheusSeries> series) {
        TreeMap<Long, VllmSnapshotBuilder> scrapes = new TreeMap<>();
        for (PrometheusSeries s : series) {
            Map<String, String> labels = new HashMap<>(s.labels());
            labels.remove("__name__");
            for (int i = 0; i < s.size(); i++) {
                scrapes.computeIfAbsent(s.timesMillis()[i], t -> new VllmSnapshotBuilder())
                        .add(s.name(), labels, s.values()[i]);
            }
        }
        List<Scrape> out = new ArrayList<>(scrapes.size());
        scrapes.forEach((t, builder) -> out.add(new Scrape(t, builder.build())));
        return out;
    }
}
