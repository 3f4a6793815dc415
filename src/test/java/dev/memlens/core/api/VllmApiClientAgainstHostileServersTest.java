package dev.memlens.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.memlens.core.secrets.Redactor;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The API client against real HTTP servers on 127.0.0.1 that misbehave: redirects to another origin (the key must not
 * follow), error bodies echoing the key, a stream that stalls after the first token, endless bodies and lines.
 */
@Timeout(120) // guards only: each case ends on its own bound, never on a clock
class VllmApiClientAgainstHostileServersTest {
    private static final String KEY = "sk-hostile-test-key-4711";
    private static final String MODEL = "m";
    private final List<HttpServer> servers = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        servers.forEach(s -> s.stop(0));
    }

    private HttpServer server(String path, HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hostile-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext(path, handler);
        server.start();
        servers.add(server);
        return server;
    }

    private static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    /** A handler that answers 200 and writes {@code chunk} again and again until the client hangs up. */
    private static HttpHandler endless(byte[] chunk) {
        return exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                while (true) {
                    out.write(chunk);
                }
            } catch (IOException clientGone) {
                exchange.close();
            }
        };
    }

    @Test
    void aCrossOriginRedirectIsAnErrorAndTheKeyNeverLeaves() throws Exception {
        List<String> elsewhere = new CopyOnWriteArrayList<>();
        HttpServer other = server("/", exchange -> {
            elsewhere.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            send(exchange, 200, "{\"data\":[{\"id\":\"stolen\"}]}");
        });
        HttpServer api = server("/", exchange -> {
            exchange.getResponseHeaders().add("Location", url(other) + "/v1/models");
            send(exchange, 302, "");
        });
        VllmApiClient client = new VllmApiClient(VllmApiTarget.of(url(api), KEY));
        VllmApiException e = assertThrows(VllmApiException.class, client::listModelIds);
        assertTrue(e.getMessage().contains("redirected /v1/models to another origin, " + url(other)), e.getMessage());
        assertTrue(e.getMessage().contains("did not follow"), e.getMessage());
        RequestTiming timing = client.stream(0, CompletionRequest.completion(MODEL, "hi", 2), ApiProgressListener.NONE);
        assertTrue(timing.error().orElseThrow().contains("another origin"), timing.error().orElseThrow());
        assertEquals(List.of(), elsewhere, "the other origin was contacted");
    }

    @Test
    void aSameOriginRedirectIsFollowedWithTheKey() throws Exception {
        List<String> keys = new CopyOnWriteArrayList<>();
        HttpServer api = server("/", exchange -> {
            keys.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            if (exchange.getRequestURI().getPath().equals("/v1/models")) {
                exchange.getResponseHeaders().add("Location", "/v2/models");
                send(exchange, 307, "");
            } else {
                send(exchange, 200, "{\"data\":[{\"id\":\"served\"}]}");
            }
        });
        assertEquals(List.of("served"), new VllmApiClient(VllmApiTarget.of(url(api), KEY)).listModelIds());
        assertEquals(List.of("Bearer " + KEY, "Bearer " + KEY), keys);
    }

    @Test
    void aKeyEchoedByTheServerIsRedactedFromEveryMessage() throws Exception {
        HttpServer api = server("/", exchange -> send(exchange, 401, "{\"error\":\"bad key "
                + exchange.getRequestHeaders().getFirst("Authorization") + " (json: \\\"" + KEY + "\\\")\"}"));
        VllmApiClient client = new VllmApiClient(VllmApiTarget.of(url(api), KEY));
        VllmApiException e = assertThrows(VllmApiException.class, client::listModelIds);
        assertFalse(e.getMessage().contains(KEY), e.getMessage());
        assertTrue(e.getMessage().contains("bad key Bearer " + Redactor.MASK), e.getMessage());
        RequestTiming timing = client.stream(0, CompletionRequest.completion(MODEL, "hi", 2), ApiProgressListener.NONE);
        assertFalse(timing.error().orElseThrow().contains(KEY), timing.error().orElseThrow());
    }

    @Test
    void aStreamThatStallsAfterTheFirstTokenFailsOnTheIdleTimeout() throws Exception {
        HttpServer api = server("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("data: {\"choices\":[{\"text\":\"tok0 \"}]}\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                release.await(); // stalls until the test is over
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        VllmApiClient client = new VllmApiClient(VllmApiTarget.of(url(api)), Duration.ofSeconds(30),
                Duration.ofMillis(300), VllmApiClient.DEFAULT_MAX_RESPONSE_BYTES);
        RequestTiming timing = client.stream(0, CompletionRequest.completion(MODEL, "hi", 8), ApiProgressListener.NONE);
        String error = timing.error().orElseThrow();
        assertTrue(error.contains("sent nothing on /v1/completions for 0 s (the idle timeout)"), error);
        assertTrue(error.contains("--idle-timeout"), error);
    }

    @Test
    void anEndlessStreamStopsAtTheResponseBound() throws Exception {
        HttpServer api = server("/", endless("data: {\"choices\":[{\"text\":\"tok \"}]}\n\n".getBytes(StandardCharsets.UTF_8)));
        VllmApiClient client = new VllmApiClient(VllmApiTarget.of(url(api)), Duration.ofSeconds(30),
                Duration.ofSeconds(60), 1 << 20);
        RequestTiming timing = client.stream(0, CompletionRequest.completion(MODEL, "hi", 8), ApiProgressListener.NONE);
        assertTrue(timing.error().orElseThrow().contains("the response is longer than 1 MiB"),
                timing.error().orElseThrow());
    }

    @Test
    void aLineWithoutEndStopsAtTheLineBound() throws Exception {
        HttpServer api = server("/", endless("x".repeat(64 << 10).getBytes(StandardCharsets.UTF_8)));
        RequestTiming timing = new VllmApiClient(VllmApiTarget.of(url(api))).stream(0,
                CompletionRequest.completion(MODEL, "hi", 8), ApiProgressListener.NONE);
        assertTrue(timing.error().orElseThrow().contains("a line of the response is longer than 1 MiB"),
                timing.error().orElseThrow());
    }

    @Test
    void anEndlessMetricsBodyIsRefused() throws Exception {
        HttpServer api = server("/", endless("vllm:num_requests_running 1\n".repeat(1000).getBytes(StandardCharsets.UTF_8)));
        VllmApiClient client = new VllmApiClient(VllmApiTarget.of(url(api)), Duration.ofSeconds(30),
                Duration.ofSeconds(60), 1 << 20);
        VllmApiException e = assertThrows(VllmApiException.class, () -> client.fetchMetrics(Duration.ofSeconds(30)));
        assertTrue(e.getMessage().contains("the response is longer than 1 MiB"), e.getMessage());
    }
}
