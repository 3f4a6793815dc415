package dev.memlens.core.run.modes;

import dev.memlens.core.api.CompletionRequest;
import dev.memlens.core.api.VllmApiClient;
import dev.memlens.core.secrets.Redactor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A run against a running vLLM OpenAI-compatible server.
 *
 * @param baseUrl            http(s)://HOST:PORT (TLS through the JVM's trust store)
 * @param apiKey             the server's --api-key, or null; sent as a Bearer header only, never stored
 * @param model              the served model id, or null to take the first of /v1/models
 * @param prompt             the prompt of every request
 * @param maxTokens          max_tokens of every request
 * @param batchSize          requests sent at once
 * @param chat               /v1/chat/completions instead of /v1/completions
 * @param ignoreEos          always generate maxTokens (vLLM's ignore_eos), so runs are comparable
 * @param modelConfig        the model's config.json (or its directory), or null: gives KV bytes and weights by formula
 * @param tensorParallelSize the server's tensor-parallel size, for the per-GPU KV bytes of a block
 * @param metricsInterval    how often /metrics is polled
 * @param requestTimeout     how long to wait for a response's headers
 * @param idleTimeout        the longest silence between two tokens of a stream before the request fails
 * @param prometheusUrl      a Prometheus server that scrapes this vLLM server: its metrics are then read from there
 *                           (every stored scrape over the run) instead of polling /metrics; null: /metrics
 * @param vllmMatch          label matchers of the server's series in that Prometheus; null: the scrape target named
 *                           after {@code baseUrl} ({@code instance="HOST:PORT"})
 */
public record ApiConfig(String baseUrl, String apiKey, String model, String prompt, int maxTokens, int batchSize,
                        boolean chat, boolean ignoreEos, Path modelConfig, int tensorParallelSize,
                        Duration metricsInterval, Duration requestTimeout, Duration idleTimeout,
                        String prometheusUrl, String vllmMatch) {
    public static final String DEFAULT_PROMPT = "Hello, how are you?";
    /** vLLM's metrics are recorded at least every second (issue 13), so no longer poll interval is accepted. */
    public static final Duration MAX_METRICS_INTERVAL = Duration.ofSeconds(1);

    public ApiConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        prompt = prompt == null ? DEFAULT_PROMPT : prompt;
        if (maxTokens < 1 || batchSize < 1 || tensorParallelSize < 1) {
            throw new IllegalArgumentException("--max-tokens, --batch-size and the tensor-parallel size must be positive");
        }
        metricsInterval = metricsInterval == null ? Duration.ofMillis(500) : metricsInterval;
        if (metricsInterval.toMillis() < 1 || metricsInterval.compareTo(MAX_METRICS_INTERVAL) > 0) {
            throw new IllegalArgumentException("--metrics-interval-ms must be from 1 to "
                    + MAX_METRICS_INTERVAL.toMillis() + " (vLLM's metrics are recorded at least every second), got "
                    + metricsInterval.toMillis());
        }
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(120) : requestTimeout;
        idleTimeout = idleTimeout == null ? VllmApiClient.DEFAULT_IDLE_TIMEOUT : idleTimeout;
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("--idle-timeout must be more than 0 seconds, got "
                    + idleTimeout.toMillis() / 1000.0);
        }
        Redactor.register(apiKey);
    }

    /** Metrics from /metrics. */
    public ApiConfig(String baseUrl, String apiKey, String model, String prompt, int maxTokens, int batchSize,
                     boolean chat, boolean ignoreEos, Path modelConfig, int tensorParallelSize,
                     Duration metricsInterval, Duration requestTimeout, Duration idleTimeout) {
        this(baseUrl, apiKey, model, prompt, maxTokens, batchSize, chat, ignoreEos, modelConfig, tensorParallelSize,
                metricsInterval, requestTimeout, idleTimeout, null, null);
    }

    /** With the default idle timeout ({@link VllmApiClient#DEFAULT_IDLE_TIMEOUT}). */
    public ApiConfig(String baseUrl, String apiKey, String model, String prompt, int maxTokens, int batchSize,
                     boolean chat, boolean ignoreEos, Path modelConfig, int tensorParallelSize,
                     Duration metricsInterval, Duration requestTimeout) {
        this(baseUrl, apiKey, model, prompt, maxTokens, batchSize, chat, ignoreEos, modelConfig, tensorParallelSize,
                metricsInterval, requestTimeout, null);
    }

    /** The original profiler's defaults: "Hello, how are you?", 100 tokens, one request. */
    public static ApiConfig of(String baseUrl) {
        return new ApiConfig(baseUrl, null, null, null, 100, 1, false, false, null, 1, null, null);
    }

    public ApiConfig withBaseUrl(String url) {
        return new ApiConfig(url, apiKey, model, prompt, maxTokens, batchSize, chat, ignoreEos, modelConfig,
                tensorParallelSize, metricsInterval, requestTimeout, idleTimeout, prometheusUrl, vllmMatch);
    }

    /** vLLM's metrics read from this Prometheus server, the server's series picked by {@code match} (null: default). */
    public ApiConfig withPrometheus(String url, String match) {
        return new ApiConfig(baseUrl, apiKey, model, prompt, maxTokens, batchSize, chat, ignoreEos, modelConfig,
                tensorParallelSize, metricsInterval, requestTimeout, idleTimeout, url, match);
    }

    CompletionRequest request(String servedModel) {
        return new CompletionRequest(servedModel, prompt, maxTokens, chat, ignoreEos);
    }

    /** For logs and reports: the key is never shown. */
    @Override
    public String toString() {
        return "ApiConfig[" + baseUrl + (apiKey != null ? " (API key set)" : "") + ", model=" + model + ", batch="
                + batchSize + ", maxTokens=" + maxTokens + (chat ? ", chat" : "")
                + (prometheusUrl != null ? ", metrics from " + prometheusUrl : "") + "]";
    }
}
