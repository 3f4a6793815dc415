package dev.memlens.core.prometheus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * Reads raw samples from Prometheus's HTTP API ({@code /api/v1/query} with a range-vector selector, so every stored
 * sample comes back, not a step-resampled series). TLS certificates are verified by the JDK's trust store; redirects
 * are not followed, so credentials never go to another origin. Responses are bounded in size.
 */
public final class PrometheusClient {
    /** Largest response read; a bigger one asks the user for a narrower range or --match. */
    static final int MAX_RESPONSE_BYTES = 256 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final PrometheusAuth auth;
    private final Duration timeout;
    private final HttpClient http;

    public PrometheusClient(URI base, PrometheusAuth auth, Duration timeout) throws PrometheusException {
        this.base = checkBase(base);
        this.auth = auth;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public static PrometheusClient of(String url, PrometheusAuth auth) throws PrometheusException {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new PrometheusException("--prometheus " + url + " is not a URL: give e.g. http://127.0.0.1:9090");
        }
        return new PrometheusClient(uri, auth, Duration.ofSeconds(60));
    }

    public URI base() {
        return base;
    }

    /**
     * Every sample of the series {@code selector} selects in [{@code start}, {@code end}] (both inclusive), in time
     * order per series.
     */
    public List<PrometheusSeries> rawSamples(String selector, Instant start, Instant end) throws PrometheusException {
        if (!end.isAfter(start)) {
            throw new PrometheusException("the time range is empty: --start " + start + " is not before --end " + end);
        }
        long rangeMillis = end.toEpochMilli() - start.toEpochMilli();
        String query = selector + "[" + rangeMillis + "ms]";
        JsonNode data = query(query, end);
        if (!"matrix".equals(data.path("resultType").asText())) {
            throw new PrometheusException("Prometheus at " + base + " answered a range-vector query with a "
                    + data.path("resultType").asText() + ", not a matrix: is this a Prometheus-compatible API?");
        }
        long from = start.toEpochMilli();
        long to = end.toEpochMilli();
        List<PrometheusSeries> series = new ArrayList<>();
        for (JsonNode result : data.path("result")) {
            Map<String, String> labels = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = result.path("metric").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> label = it.next();
                labels.put(label.getKey(), label.getValue().asText());
            }
            JsonNode values = result.path("values");
            long[] times = new long[values.size()];
            double[] numbers = new double[values.size()];
            int n = 0;
            for (JsonNode pair : values) {
                long t = Math.round(pair.path(0).asDouble() * 1000);
                double v = parseValue(pair.path(1).asText());
                if (t < from || t > to || !Double.isFinite(v)) {
                    continue;
                }
                times[n] = t;
                numbers[n] = v;
                n++;
            }
            series.add(new PrometheusSeries(labels, java.util.Arrays.copyOf(times, n),
                    java.util.Arrays.copyOf(numbers, n)));
        }
        return series;
    }

    /**
     * {@code {base,matchers}} where {@code match} is "{a="b",...}" or "a="b",..." (null or blank: none); metric names
     * stay MemLens's choice, so a {@code __name__} matcher is refused.
     *
     * @param option the option the user gave {@code match} with, for the message ("--match")
     */
    public static String withMatchers(String base, String match, String option) throws PrometheusException {
        if (match == null || match.isBlank()) {
            return "{" + base + "}";
        }
        String inner = match.strip();
        if (inner.startsWith("{") && inner.endsWith("}")) {
            inner = inner.substring(1, inner.length() - 1).strip();
        }
        if (inner.isEmpty() || inner.contains("{") || inner.contains("}") || !inner.contains("=")
                || inner.contains("__name__")) {
            throw new PrometheusException(option + " " + match + " is not a list of label matchers: give e.g. "
                    + "'{Hostname=\"gpu-node-1\"}' or '{pod=~\"vllm-.*\"}' (metric names are chosen by MemLens)");
        }
        return "{" + base + "," + inner + "}";
    }

    private JsonNode query(String promql, Instant at) throws PrometheusException {
        String time = String.format(java.util.Locale.ROOT, "%.3f", at.toEpochMilli() / 1000.0);
        URI uri = URI.create(base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&time=" + time);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                .header("Accept", "application/json");
        auth.authorizationHeader().ifPresent(h -> request.header("Authorization", h));
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            throw new PrometheusException("could not connect to Prometheus at " + base + ": check that it runs and "
                    + "the host and port are right", e);
        } catch (HttpTimeoutException e) {
            throw new PrometheusException("Prometheus at " + base + " did not answer within " + timeout.toSeconds()
                    + " s: narrow --start/--end or --match, or check the server", e);
        } catch (SSLException e) {
            throw new PrometheusException("the TLS connection to " + base + " failed (" + e.getMessage() + "): "
                    + "MemLens verifies certificates; add the server's CA to a Java trust store and run with "
                    + "-Djavax.net.ssl.trustStore=FILE", e);
        } catch (IOException e) {
            throw new PrometheusException("could not read from Prometheus at " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PrometheusException("interrupted while querying Prometheus at " + base, e);
        }
        String body = readBounded(response.body());
        int status = response.statusCode();
        if (status >= 300 && status < 400) {
            throw new PrometheusException("Prometheus at " + base + " redirects (HTTP " + status + ") to "
                    + response.headers().firstValue("Location").orElse("?") + ": give that URL to --prometheus "
                    + "(redirects are not followed so credentials stay with the host you named)");
        }
        if (status == 401 || status == 403) {
            throw new PrometheusException("Prometheus at " + base + " refused the request (HTTP " + status + ", sent "
                    + auth.describe() + "): set " + PrometheusAuth.TOKEN_VARIABLE + " for a bearer token, or "
                    + PrometheusAuth.USER_VARIABLE + " and " + PrometheusAuth.PASSWORD_VARIABLE + " for basic auth");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new PrometheusException("Prometheus at " + base + " answered HTTP " + status + " with no JSON ("
                    + snippet(body) + "): is " + base + " the Prometheus server's URL?");
        }
        if (!"success".equals(root.path("status").asText())) {
            String error = root.path("error").asText(snippet(body));
            if (error.contains("too many samples")) {
                throw new PrometheusException("Prometheus refused to load that many samples (" + error + "): "
                        + "narrow --start/--end or select fewer series with --match");
            }
            throw new PrometheusException("Prometheus at " + base + " rejected the query (HTTP " + status + "): "
                    + error + (status == 400 ? " — check --match" : ""));
        }
        return root.path("data");
    }

    private String readBounded(InputStream in) throws PrometheusException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (out.size() + n > MAX_RESPONSE_BYTES) {
                    throw new PrometheusException("Prometheus at " + base + " answered with more than "
                            + MAX_RESPONSE_BYTES / (1024 * 1024) + " MiB: narrow --start/--end or select fewer "
                            + "series with --match");
                }
                out.write(buffer, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PrometheusException("the answer of Prometheus at " + base + " broke off: " + e.getMessage(), e);
        }
    }

    private static double parseValue(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN; // "+Inf", "-Inf", "NaN" and anything odd: not a usable reading
        }
    }

    private static String snippet(String body) {
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return oneLine.length() > 120 ? oneLine.substring(0, 120) + "..." : oneLine;
    }

    private static URI checkBase(URI uri) throws PrometheusException {
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new PrometheusException("--prometheus " + uri + " is not an http(s) URL: give e.g. "
                    + "http://127.0.0.1:9090");
        }
        if (uri.getRawUserInfo() != null) {
            throw new PrometheusException("--prometheus " + uri.getScheme() + "://" + uri.getHost() + " carries "
                    + "credentials in the URL: put them in " + PrometheusAuth.USER_VARIABLE + " and "
                    + PrometheusAuth.PASSWORD_VARIABLE + " instead (they are never stored)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new PrometheusException("--prometheus " + uri + " has a query or fragment: give the server's base "
                    + "URL, e.g. http://127.0.0.1:9090");
        }
        String text = uri.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }
}
