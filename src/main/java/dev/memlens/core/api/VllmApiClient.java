package dev.memlens.core.api;

import dev.memlens.core.process.BoundedLineReader;
import dev.memlens.core.process.IdleWatch;
import dev.memlens.core.process.InputTooLongException;
import dev.memlens.core.process.LineTooLongException;
import dev.memlens.core.process.ProgramThreads;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memlens.core.secrets.Redactor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Client for a vLLM OpenAI-compatible server over java.net.http: /health, /v1/models, /metrics and
 * streamed /v1/completions or /v1/chat/completions with per-token timing. Thread-safe.
 *
 * <p>Hostile servers: redirects are followed only within the --api-url's origin (the API key never goes elsewhere;
 * a cross-origin redirect is an error), every body is bounded ({@link #DEFAULT_MAX_RESPONSE_BYTES}, lines 1 MiB), a
 * stream that sends nothing for the idle timeout fails, and the key is masked in every text a server sends back.
 */
public final class VllmApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ERROR_BODY_LIMIT = 500;
    private static final int MAX_REDIRECTS = 5;
    private static final int MAX_LINE_CHARS = 1 << 20;
    /** The longest response body read: far above any real stream of max_tokens tokens. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 256L << 20;
    /** The longest wait between two pieces of a streamed response. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    private final VllmApiTarget target;
    private final Duration requestTimeout;
    private final Duration idleTimeout;
    private final long maxResponseBytes;
    private final HttpClient http;

    /** @param requestTimeout how long to wait for a response's headers (the stream itself may run longer) */
    public VllmApiClient(VllmApiTarget target, Duration requestTimeout) {
        this(target, requestTimeout, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES);
    }

    /**
     * @param idleTimeout      the longest silence between two pieces of a streamed response before it fails
     * @param maxResponseBytes the longest body read from any response
     */
    public VllmApiClient(VllmApiTarget target, Duration requestTimeout, Duration idleTimeout, long maxResponseBytes) {
        if (idleTimeout.isNegative() || idleTimeout.isZero() || maxResponseBytes < 1) {
            throw new IllegalArgumentException("the idle timeout and the response bound must be positive");
        }
        this.target = target;
        this.requestTimeout = requestTimeout;
        this.idleTimeout = idleTimeout;
        this.maxResponseBytes = maxResponseBytes;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public VllmApiClient(VllmApiTarget target) {
        this(target, Duration.ofSeconds(120));
    }

    public VllmApiTarget target() {
        return target;
    }

    /** Returns when /health answers 200; otherwise throws with what to check. */
    public void checkHealth() throws VllmApiException {
        TextResponse response = get("/health", Duration.ofSeconds(5));
        if (response.statusCode() != 200) {
            throw new VllmApiException("vLLM API at " + target.baseUrl() + " answered /health with HTTP "
                    + response.statusCode() + " — the engine is not ready or has died; check the server's log"
                    + " (docker logs CONTAINER)", response.statusCode(), null);
        }
    }

    /** The ids of the served models, in the server's order. */
    public List<String> listModelIds() throws VllmApiException {
        JsonNode body = getJson("/v1/models");
        List<String> ids = new ArrayList<>();
        for (JsonNode model : body.path("data")) {
            if (model.hasNonNull("id")) {
                ids.add(model.get("id").asText());
            }
        }
        return ids;
    }

    /** The first served model, for when the user named none (what the original profiler did). */
    public String firstModelId() throws VllmApiException {
        List<String> ids = listModelIds();
        if (ids.isEmpty()) {
            throw new VllmApiException("vLLM API at " + target.baseUrl() + " lists no model under /v1/models"
                    + " — pass the model name explicitly (--model)", null);
        }
        return ids.get(0);
    }

    /** The raw Prometheus text of /metrics. */
    public String fetchMetrics(Duration timeout) throws VllmApiException {
        TextResponse response = get("/metrics", timeout);
        if (response.statusCode() != 200) {
            throw httpError("/metrics", response.statusCode(), response.body());
        }
        return response.body();
    }

    /**
     * Sends N copies of the request at once, each streamed on its own thread, and measures them.
     * A failed request is recorded in its {@link RequestTiming#error()}; this method throws only when interrupted
     * (then every open stream is closed).
     */
    public ApiLoadResult runConcurrent(CompletionRequest request, int concurrency, ApiProgressListener listener)
            throws InterruptedException {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, ProgramThreads.factory("memlens-api-request"));
        Set<InputStream> openStreams = ConcurrentHashMap.newKeySet();
        CountDownLatch startTogether = new CountDownLatch(1);
        long started = System.nanoTime();
        List<Future<RequestTiming>> futures = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            int index = i;
            futures.add(pool.submit(() -> {
                startTogether.await();
                return stream(index, request, listener, openStreams);
            }));
        }
        startTogether.countDown();
        try {
            List<RequestTiming> timings = new ArrayList<>();
            for (Future<RequestTiming> future : futures) {
                timings.add(future.get());
            }
            return ApiLoadResult.of(timings, (System.nanoTime() - started) / 1e9);
        } catch (InterruptedException e) {
            openStreams.forEach(VllmApiClient::closeQuietly);
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a request thread failed unexpectedly", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One streamed request, measured; never throws for server or network failures (see the timing's error). */
    public RequestTiming stream(int index, CompletionRequest request, ApiProgressListener listener) {
        return stream(index, request, listener, ConcurrentHashMap.newKeySet());
    }

    private RequestTiming stream(int index, CompletionRequest request, ApiProgressListener listener,
                                 Set<InputStream> openStreams) {
        StreamMeasurement measurement = new StreamMeasurement(index, listener);
        try {
            HttpResponse<InputStream> response = send(
                    authorized(HttpRequest.newBuilder(target.resolve(request.path())))
                            .timeout(requestTimeout)
                            .header("Content-Type", "application/json")
                            .header("Accept", "text/event-stream")
                            .POST(HttpRequest.BodyPublishers.ofString(requestBody(request))).build());
            try (InputStream body = response.body(); IdleWatch idle = new IdleWatch(body, idleTimeout)) {
                openStreams.add(body);
                if (response.statusCode() != 200) {
                    String text = new String(body.readNBytes(ERROR_BODY_LIMIT), StandardCharsets.UTF_8);
                    return measurement.failed(httpError(request.path(), response.statusCode(), text).getMessage());
                }
                try {
                    readEvents(new BoundedLineReader(new InputStreamReader(body, StandardCharsets.UTF_8),
                            MAX_LINE_CHARS, maxResponseBytes, idle::activity), request.chat(), measurement);
                } catch (LineTooLongException e) {
                    throw new ResponseTooLargeException("a line of the response is longer than "
                            + ResponseTooLargeException.describe(MAX_LINE_CHARS));
                } catch (InputTooLongException e) {
                    throw new ResponseTooLargeException("the response is longer than "
                            + ResponseTooLargeException.describe(maxResponseBytes));
                } catch (IOException e) {
                    if (idle.expired()) {
                        return measurement.failed("vLLM API at " + target.baseUrl() + " sent nothing on "
                                + request.path() + " for " + idleTimeout.toSeconds() + " s (the idle timeout) — the"
                                + " server may be stuck; raise --idle-timeout if it is only slow");
                    }
                    throw e;
                }
            } finally {
                openStreams.remove(response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return measurement.failed("cancelled");
        } catch (IOException e) {
            return measurement.failed(describe(request.path(), e).getMessage());
        }
        RequestTiming timing = measurement.finished();
        listener.onRequestDone(timing);
        return timing;
    }

    private static void readEvents(BoundedLineReader reader, boolean chat, StreamMeasurement measurement)
            throws IOException {
        SseEventReader events = new SseEventReader();
        String line;
        while ((line = reader.readLine()) != null) {
            Optional<String> data = events.accept(line);
            if (data.isPresent() && !handle(data.get(), chat, measurement)) {
                return;
            }
        }
        Optional<String> last = events.finish();
        if (last.isPresent() && !handle(last.get(), chat, measurement)) {
            return;
        }
        measurement.streamEndedWithoutDone();
    }

    /** Returns false when the stream is over ([DONE]). */
    private static boolean handle(String data, boolean chat, StreamMeasurement measurement) throws IOException {
        if (data.equals("[DONE]")) {
            measurement.done();
            return false;
        }
        JsonNode chunk = JSON.readTree(data);
        if (chunk.has("error")) {
            JsonNode error = chunk.get("error");
            measurement.serverError(Redactor.redact(
                    error.isObject() ? error.path("message").asText(error.toString()) : error.asText()));
            return true;
        }
        for (JsonNode choice : chunk.path("choices")) {
            String text = chat ? choice.path("delta").path("content").asText("") : choice.path("text").asText("");
            if (!text.isEmpty()) {
                measurement.text(text);
            }
        }
        JsonNode usage = chunk.get("usage");
        if (usage != null && usage.isObject()) {
            measurement.usage(usage.path("prompt_tokens").asInt(-1), usage.path("completion_tokens").asInt(-1));
        }
        return true;
    }

    private String requestBody(CompletionRequest request) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", request.model());
        if (request.chat()) {
            body.putArray("messages").addObject().put("role", "user").put("content", request.prompt());
        } else {
            body.put("prompt", request.prompt());
        }
        body.put("max_tokens", request.maxTokens());
        body.put("temperature", 0.0);
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        if (request.ignoreEos()) {
            body.put("ignore_eos", true);
        }
        return JSON.writeValueAsString(body);
    }

    private JsonNode getJson(String path) throws VllmApiException {
        TextResponse response = get(path, Duration.ofSeconds(10));
        if (response.statusCode() != 200) {
            throw httpError(path, response.statusCode(), response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new VllmApiException("vLLM API at " + target.baseUrl() + " sent invalid JSON for " + path + ": "
                    + e.getOriginalMessage() + " — is this URL a vLLM server?", e);
        }
    }

    /** A whole (bounded) body and its status. */
    private record TextResponse(int statusCode, String body) {
    }

    private TextResponse get(String path, Duration timeout) throws VllmApiException {
        try {
            HttpResponse<InputStream> response = send(
                    authorized(HttpRequest.newBuilder(target.resolve(path))).timeout(timeout).GET().build());
            try (InputStream body = response.body()) {
                byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxResponseBytes + 1));
                if (bytes.length > maxResponseBytes) {
                    throw new ResponseTooLargeException("the response is longer than "
                            + ResponseTooLargeException.describe(maxResponseBytes));
                }
                return new TextResponse(response.statusCode(), new String(bytes, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VllmApiException("interrupted while calling " + target.resolve(path), e);
        } catch (IOException e) {
            throw describe(path, e);
        }
    }

    /**
     * Sends a request, following redirects only to the same origin as the API URL, since the request carries the
     * API key; a redirect elsewhere is refused with an error naming where it pointed.
     */
    private HttpResponse<InputStream> send(HttpRequest request) throws IOException, InterruptedException {
        HttpRequest current = request;
        for (int hop = 0; ; hop++) {
            HttpResponse<InputStream> response = http.send(current, HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if (status < 300 || status > 399 || location.isEmpty()) {
                return response;
            }
            response.body().close();
            URI next;
            try {
                next = current.uri().resolve(location.get().strip());
            } catch (IllegalArgumentException e) {
                throw new RedirectRefusedException("it redirected " + current.uri().getPath() + " to an invalid"
                        + " address '" + Redactor.redact(location.get()) + "'");
            }
            if (!sameOrigin(next, target.baseUrl())) {
                throw new RedirectRefusedException("it redirected " + current.uri().getPath() + " to another origin, "
                        + Redactor.redact(origin(next)) + "; MemLens sends the API key only to the --api-url's origin"
                        + " and did not follow: if that server is the right one, use --api-url " + origin(next));
            }
            if (hop + 1 >= MAX_REDIRECTS) {
                throw new RedirectRefusedException("it redirected more than " + MAX_REDIRECTS + " times");
            }
            current = HttpRequest.newBuilder(current, (name, value) -> true).uri(next).build();
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
    }

    /** A redirect that is not followed. */
    private static final class RedirectRefusedException extends IOException {
        RedirectRefusedException(String message) {
            super(message);
        }
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
        target.apiKey().ifPresent(key -> builder.header("Authorization", "Bearer " + key));
        return builder;
    }

    private VllmApiException describe(String path, IOException e) {
        URI base = target.baseUrl();
        if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
            return new VllmApiException("Cannot connect to vLLM API at URL: " + base + " (" + reason(e)
                    + ") — is the server running? check `docker ps` / `curl " + base + "/health`", e);
        }
        if (e instanceof RedirectRefusedException || e instanceof ResponseTooLargeException) {
            return new VllmApiException("vLLM API at " + base + " answered " + path + " unsafely: " + reason(e), e);
        }
        if (e instanceof HttpTimeoutException) {
            return new VllmApiException("vLLM API at " + base + " did not answer " + path + " in time (" + reason(e)
                    + ") — the server may be overloaded or still loading the model", e);
        }
        return new VllmApiException("Talking to vLLM API at " + base + path + " failed: " + reason(e), e);
    }

    private VllmApiException httpError(String path, int status, String body) {
        String snippet = body == null ? "" : Redactor.redact(body.strip());
        if (snippet.length() > ERROR_BODY_LIMIT) {
            snippet = snippet.substring(0, ERROR_BODY_LIMIT) + "…";
        }
        String advice = switch (status) {
            case 401, 403 -> target.hasApiKey()
                    ? " — the server rejected the API key; check that it matches the server's --api-key"
                    : " — the server needs an API key; pass it through --api-key-env VAR";
            case 404 -> " — check the model name (GET " + target.baseUrl() + "/v1/models lists them) and the URL";
            default -> "";
        };
        return new VllmApiException("vLLM API at " + target.baseUrl() + " answered " + path + " with HTTP " + status
                + (snippet.isEmpty() ? "" : ": " + snippet) + advice, status, null);
    }

    private static String reason(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : Redactor.redact(message);
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // closing to unblock a reader during cancel; nothing to do if it is already broken
        }
    }

    @Override
    public String toString() {
        return "VllmApiClient[" + target + "]";
    }
}
