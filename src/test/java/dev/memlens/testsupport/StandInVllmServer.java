package dev.memlens.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process HTTP server that speaks the parts of vLLM's OpenAI-compatible API MemLens uses:
 * GET /health, GET /v1/models, GET /metrics (Prometheus text) and streamed (SSE, "data: [DONE]", usage chunk
 * when stream_options.include_usage) or plain POST /v1/completions and /v1/chat/completions.
 * Reusable from any test (CLI, GUI, session):
 *
 * <pre>
 * try (StandInVllmServer server = new StandInVllmServer().models("Qwen/Qwen2.5-0.5B-Instruct")
 *         .tokenDelay(Duration.ofMillis(2)).start()) {
 *     String url = server.baseUrl();            // http://127.0.0.1:PORT
 *     ... server.completionRequests() / server.authorizationHeaders() / server.metricsRequests() ...
 * }
 * </pre>
 * Configure before {@link #start()}. Each streamed request sends one chunk per token ("tok0 ", "tok1 ", ...),
 * max_tokens of them, sleeping {@link #tokenDelay} between tokens and {@link #firstTokenDelay} before the first.
 */
public final class StandInVllmServer implements AutoCloseable {

    /** How the server misbehaves. */
    public enum FailureMode {
        NONE,
        /** /health answers 503 (engine dead). */
        HEALTH_UNAVAILABLE,
        /** completions answer HTTP 500 with a JSON error. */
        COMPLETIONS_ERROR,
        /** streams stop after two tokens and the connection closes without [DONE]. */
        DROP_STREAM_MIDWAY,
        /** the stream carries an error chunk (vLLM does this for engine errors), then [DONE]. */
        ERROR_CHUNK_IN_STREAM,
        /** /metrics answers 500. */
        METRICS_ERROR,
        /** completions answer HTTP 500 with a body that echoes the request's Authorization header (a careless proxy). */
        ECHO_KEY_IN_ERROR
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private List<String> models = List.of("Qwen/Qwen2.5-0.5B-Instruct");
    private Duration tokenDelay = Duration.ZERO;
    private Duration firstTokenDelay = Duration.ZERO;
    private String requiredApiKey;
    private volatile FailureMode failureMode = FailureMode.NONE;
    private int promptTokens = 7;
    private HttpServer server;
    private ExecutorService executor;
    private final AtomicInteger metricsRequests = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger generatedTotal = new AtomicInteger();
    private final List<JsonNode> completionRequests = new CopyOnWriteArrayList<>();
    private final List<String> authorizationHeaders = new CopyOnWriteArrayList<>();
    private volatile List<String> metricsFrames = List.of();
    private volatile CountDownLatch metricsServed = new CountDownLatch(0);
    private final AtomicInteger framesServed = new AtomicInteger();
    private volatile boolean framesFollowRequests;
    private final java.util.concurrent.atomic.AtomicBoolean requestsStarted =
            new java.util.concurrent.atomic.AtomicBoolean();
    private volatile CountDownLatch completionsHeld = new CountDownLatch(0);

    public StandInVllmServer models(String... ids) {
        this.models = List.of(ids);
        return this;
    }

    public StandInVllmServer tokenDelay(Duration delay) {
        this.tokenDelay = delay;
        return this;
    }

    public StandInVllmServer firstTokenDelay(Duration delay) {
        this.firstTokenDelay = delay;
        return this;
    }

    /** Requests under /v1 must carry "Authorization: Bearer KEY" (as vLLM's --api-key does); /health and /metrics stay open. */
    public StandInVllmServer requireApiKey(String key) {
        this.requiredApiKey = key;
        return this;
    }

    /** usage.prompt_tokens reported per request. */
    public StandInVllmServer promptTokens(int tokens) {
        this.promptTokens = tokens;
        return this;
    }

    /**
     * Serves these /metrics texts in turn (the n-th scrape gets frame n, the last one repeats), instead of the
     * generated text, and holds every completion until each frame was served once: a run then sees all of them,
     * whatever the machine's speed.
     */
    public StandInVllmServer metricsFrames(List<String> frames) {
        this.metricsFrames = List.copyOf(frames);
        this.metricsServed = new CountDownLatch(frames.size());
        return this;
    }

    /**
     * Like {@link #metricsFrames}, but the frames start with the first completion request: until then every scrape
     * gets the first frame (an idle server). For a scraper that runs before the profiled run begins (Prometheus), so
     * the run's range holds every frame.
     */
    public StandInVllmServer metricsFramesFromFirstRequest(List<String> frames) {
        framesFollowRequests = true;
        return metricsFrames(frames);
    }

    /** The four recorded /metrics scrapes of one run (test resources vllm/metrics-series), for {@link #metricsFrames}. */
    public static List<String> recordedMetricsFrames() {
        List<String> frames = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            try (java.io.InputStream in = StandInVllmServer.class.getResourceAsStream("/vllm/metrics-series/frame-" + i
                    + ".txt")) {
                frames.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return frames;
    }

    /**
     * Holds every completion until {@code latch} opens (e.g. until the session recorded a per-process poll), so a run
     * sees what the test waits for whatever the machine's speed.
     */
    public StandInVllmServer holdCompletionsUntil(CountDownLatch latch) {
        this.completionsHeld = latch;
        return this;
    }

    /** May be changed while running. */
    public StandInVllmServer failureMode(FailureMode mode) {
        this.failureMode = mode;
        return this;
    }

    public StandInVllmServer start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "stand-in-vllm");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/health", this::health);
        server.createContext("/v1/models", exchange -> authorized(exchange, this::listModels));
        server.createContext("/v1/completions", exchange -> authorized(exchange, e -> complete(e, false)));
        server.createContext("/v1/chat/completions", exchange -> authorized(exchange, e -> complete(e, true)));
        server.createContext("/metrics", this::metrics);
        server.start();
        return this;
    }

    /** http://127.0.0.1:PORT */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The JSON bodies of every completion request received. */
    public List<JsonNode> completionRequests() {
        return List.copyOf(completionRequests);
    }

    /** Every Authorization header received under /v1 ("" when absent). */
    public List<String> authorizationHeaders() {
        return List.copyOf(authorizationHeaders);
    }

    public int metricsRequests() {
        return metricsRequests.get();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private void authorized(HttpExchange exchange, Handler handler) throws IOException {
        try (exchange) {
            String header = exchange.getRequestHeaders().getFirst("Authorization");
            authorizationHeaders.add(header == null ? "" : header);
            if (requiredApiKey != null && !("Bearer " + requiredApiKey).equals(header)) {
                send(exchange, 401, "application/json", "{\"error\":\"Unauthorized\"}");
                return;
            }
            handler.handle(exchange);
        }
    }

    private void health(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (failureMode == FailureMode.HEALTH_UNAVAILABLE) {
                send(exchange, 503, "application/json", "");
            } else {
                send(exchange, 200, "application/json", "");
            }
        }
    }

    private void listModels(HttpExchange exchange) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("object", "list");
        var data = body.putArray("data");
        for (String id : models) {
            data.addObject().put("id", id).put("object", "model").put("created", 1795810000L)
                    .put("owned_by", "vllm").put("root", id).put("max_model_len", 32768);
        }
        send(exchange, 200, "application/json", JSON.writeValueAsString(body));
    }

    private void metrics(HttpExchange exchange) throws IOException {
        try (exchange) {
            metricsRequests.incrementAndGet();
            if (failureMode == FailureMode.METRICS_ERROR) {
                send(exchange, 500, "text/plain", "Internal Server Error");
                return;
            }
            List<String> frames = metricsFrames;
            if (!frames.isEmpty()) {
                boolean idle = framesFollowRequests && !requestsStarted.get();
                int frame = idle ? 0 : framesServed.getAndIncrement();
                send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                        frames.get(Math.min(frame, frames.size() - 1)));
                if (!idle) {
                    metricsServed.countDown();
                }
                return;
            }
            String model = models.get(0);
            String labels = "{engine=\"0\",model_name=\"" + model + "\"}";
            String text = "# HELP vllm:num_requests_running Number of requests in model execution batches.\n"
                    + "# TYPE vllm:num_requests_running gauge\n"
                    + "vllm:num_requests_running" + labels + " " + running.get() + ".0\n"
                    + "# HELP vllm:num_requests_waiting Number of requests waiting to be processed.\n"
                    + "# TYPE vllm:num_requests_waiting gauge\n"
                    + "vllm:num_requests_waiting" + labels + " 0.0\n"
                    + "# HELP vllm:kv_cache_usage_perc KV-cache usage. 1 means 100 percent usage.\n"
                    + "# TYPE vllm:kv_cache_usage_perc gauge\n"
                    + "vllm:kv_cache_usage_perc" + labels + " " + (running.get() * 0.0123) + "\n"
                    + "# HELP vllm:generation_tokens_total Number of generation tokens processed.\n"
                    + "# TYPE vllm:generation_tokens_total counter\n"
                    + "vllm:generation_tokens_total" + labels + " " + generatedTotal.get() + ".0\n"
                    + "# HELP vllm:cache_config_info Information of the LLMEngine CacheConfig\n"
                    + "# TYPE vllm:cache_config_info gauge\n"
                    + "vllm:cache_config_info{block_size=\"16\",cache_dtype=\"auto\",gpu_memory_utilization=\"0.9\","
                    + "num_gpu_blocks=\"152340\",engine=\"0\"} 1.0\n";
            send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", text);
        }
    }

    private void complete(HttpExchange exchange, boolean chat) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        requestsStarted.set(true);
        try {
            if (!metricsServed.await(60, TimeUnit.SECONDS)) {
                send(exchange, 500, "application/json", "{\"object\":\"error\",\"message\":\"stand-in: the"
                        + " metrics frames were never all scraped\",\"code\":500}");
                return;
            }
            if (!completionsHeld.await(60, TimeUnit.SECONDS)) {
                send(exchange, 500, "application/json", "{\"object\":\"error\",\"message\":\"stand-in: what the"
                        + " completions waited for never came\",\"code\":500}");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        completionRequests.add(request);
        if (failureMode == FailureMode.ECHO_KEY_IN_ERROR) {
            send(exchange, 500, "application/json", "{\"object\":\"error\",\"message\":\"upstream refused "
                    + exchange.getRequestHeaders().getFirst("Authorization") + "\",\"code\":500}");
            return;
        }
        if (failureMode == FailureMode.COMPLETIONS_ERROR) {
            send(exchange, 500, "application/json",
                    "{\"object\":\"error\",\"message\":\"CUDA out of memory\",\"type\":\"InternalServerError\",\"code\":500}");
            return;
        }
        String model = request.path("model").asText();
        if (!models.contains(model)) {
            send(exchange, 404, "application/json", "{\"object\":\"error\",\"message\":\"The model `" + model
                    + "` does not exist.\",\"type\":\"NotFoundError\",\"code\":404}");
            return;
        }
        int maxTokens = request.path("max_tokens").asInt(16);
        boolean includeUsage = request.path("stream_options").path("include_usage").asBoolean(false);
        String object = chat ? "chat.completion.chunk" : "text_completion";
        String id = (chat ? "chatcmpl-" : "cmpl-") + Integer.toHexString(completionRequests.size());
        if (!request.path("stream").asBoolean(false)) {
            ObjectNode body = JSON.createObjectNode().put("id", id).put("object", chat ? "chat.completion" : "text_completion")
                    .put("model", model);
            String text = "tok0 ".repeat(maxTokens);
            ObjectNode choice = body.putArray("choices").addObject().put("index", 0).put("finish_reason", "length");
            if (chat) {
                choice.putObject("message").put("role", "assistant").put("content", text);
            } else {
                choice.put("text", text);
            }
            usage(body, maxTokens);
            send(exchange, 200, "application/json", JSON.writeValueAsString(body));
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream; charset=utf-8");
        exchange.sendResponseHeaders(200, 0);
        running.incrementAndGet();
        try {
            OutputStream out = exchange.getResponseBody();
            if (chat) {
                ObjectNode roleChunk = chunk(id, object, model);
                ((ObjectNode) roleChunk.withArray("choices").get(0)).putObject("delta").put("role", "assistant").put("content", "");
                event(out, JSON.writeValueAsString(roleChunk));
            }
            sleep(firstTokenDelay);
            for (int i = 0; i < maxTokens; i++) {
                if (i > 0) {
                    sleep(tokenDelay);
                }
                if (failureMode == FailureMode.DROP_STREAM_MIDWAY && i == 2) {
                    return; // closing the exchange without [DONE], as a crashed server would
                }
                if (failureMode == FailureMode.ERROR_CHUNK_IN_STREAM && i == 1) {
                    event(out, "{\"error\":{\"object\":\"error\",\"message\":\"engine died\",\"type\":\"InternalServerError\",\"code\":500}}");
                    break;
                }
                ObjectNode tokenChunk = chunk(id, object, model);
                ObjectNode choice = (ObjectNode) tokenChunk.withArray("choices").get(0);
                if (chat) {
                    choice.putObject("delta").put("content", "tok" + i + " ");
                } else {
                    choice.put("text", "tok" + i + " ");
                }
                choice.put("finish_reason", i == maxTokens - 1 ? "length" : null);
                generatedTotal.incrementAndGet();
                event(out, JSON.writeValueAsString(tokenChunk));
            }
            if (includeUsage && failureMode != FailureMode.ERROR_CHUNK_IN_STREAM) {
                ObjectNode usageChunk = JSON.createObjectNode().put("id", id).put("object", object).put("created", 1795810000L)
                        .put("model", model);
                usageChunk.putArray("choices");
                usage(usageChunk, maxTokens);
                event(out, JSON.writeValueAsString(usageChunk));
            }
            event(out, "[DONE]");
        } finally {
            running.decrementAndGet();
        }
    }

    private void usage(ObjectNode body, int completionTokens) {
        body.putObject("usage").put("prompt_tokens", promptTokens).put("total_tokens", promptTokens + completionTokens)
                .put("completion_tokens", completionTokens).putNull("prompt_tokens_details");
    }

    private static ObjectNode chunk(String id, String object, String model) {
        ObjectNode chunk = JSON.createObjectNode().put("id", id).put("object", object).put("created", 1795810000L)
                .put("model", model);
        chunk.putArray("choices").addObject().put("index", 0).putNull("logprobs");
        return chunk;
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void sleep(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }
}
