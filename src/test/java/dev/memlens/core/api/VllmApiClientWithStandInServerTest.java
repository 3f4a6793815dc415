package dev.memlens.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memlens.testsupport.StandInVllmServer;
import dev.memlens.testsupport.StandInVllmServer.FailureMode;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VllmApiClientWithStandInServerTest {
    private static final String MODEL = "Qwen/Qwen2.5-0.5B-Instruct";
    private StandInVllmServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private VllmApiClient clientFor(StandInVllmServer started, String apiKey) {
        return new VllmApiClient(VllmApiTarget.of(started.baseUrl() + "/v1/", apiKey), Duration.ofSeconds(30));
    }

    @Test
    void healthAndModelsOfARunningServer() throws Exception {
        server = new StandInVllmServer().models(MODEL, "second-model").start();
        VllmApiClient client = clientFor(server, null);
        client.checkHealth();
        assertEquals(List.of(MODEL, "second-model"), client.listModelIds());
        assertEquals(MODEL, client.firstModelId());
    }

    @Test
    void anUnhealthyServerSaysWhatToCheck() {
        server = new StandInVllmServer().failureMode(FailureMode.HEALTH_UNAVAILABLE).start();
        VllmApiException e = assertThrows(VllmApiException.class, () -> clientFor(server, null).checkHealth());
        assertEquals(503, e.httpStatus());
        assertTrue(e.getMessage().contains("answered /health with HTTP 503"), e.getMessage());
    }

    @Test
    void connectionRefusedNamesTheUrlAndTheChecks() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + freePort;
        VllmApiClient client = new VllmApiClient(VllmApiTarget.of(url));
        VllmApiException e = assertThrows(VllmApiException.class, client::checkHealth);
        assertTrue(e.getMessage().startsWith("Cannot connect to vLLM API at URL: " + url), e.getMessage());
        assertTrue(e.getMessage().endsWith("is the server running? check `docker ps` / `curl " + url + "/health`"),
                e.getMessage());

        RequestTiming timing = client.stream(0, CompletionRequest.completion(MODEL, "hi", 4), ApiProgressListener.NONE);
        assertTrue(timing.error().orElseThrow().startsWith("Cannot connect to vLLM API at URL: " + url));
    }

    @Test
    void concurrentStreamedCompletionsAreTimedPerToken() throws Exception {
        server = new StandInVllmServer().models(MODEL).firstTokenDelay(Duration.ofMillis(40))
                .tokenDelay(Duration.ofMillis(5)).promptTokens(11).start();
        AtomicInteger firstTokens = new AtomicInteger();
        List<RequestTiming> done = new CopyOnWriteArrayList<>();
        ApiLoadResult result = clientFor(server, null).runConcurrent(CompletionRequest.completion(MODEL, "Hello", 5), 4,
                new ApiProgressListener() {
                    @Override
                    public void onFirstToken(int requestIndex, double timeToFirstTokenS) {
                        firstTokens.incrementAndGet();
                    }

                    @Override
                    public void onRequestDone(RequestTiming timing) {
                        done.add(timing);
                    }
                });

        assertEquals(4, result.requests().size());
        assertEquals(0, result.failedCount());
        assertEquals(4, firstTokens.get());
        assertEquals(4, done.size());
        for (RequestTiming timing : result.requests()) {
            assertEquals("tok0 tok1 tok2 tok3 tok4 ", timing.text());
            assertEquals(5, timing.completionTokens());
            assertEquals(11, timing.promptTokens());
            assertTrue(timing.timeToFirstTokenS() >= 0.04, "ttft " + timing.timeToFirstTokenS());
            assertEquals(4, timing.interTokenLatenciesS().size());
            assertTrue(timing.endToEndS() >= timing.timeToFirstTokenS());
            // the last token cannot arrive before the server wrote it: first delay + 4 token delays after the send
            double lastTokenS = timing.timeToFirstTokenS() + timing.interTokenLatenciesS().stream().mapToDouble(d -> d).sum();
            assertTrue(lastTokenS >= 0.06, "last token at " + lastTokenS);
        }
        assertEquals(4, result.timeToFirstToken().count());
        assertEquals(16, result.interTokenLatency().count());
        assertTrue(result.interTokenLatency().min() >= 0, "itl min " + result.interTokenLatency().min());
        assertTrue(result.endToEnd().p99() >= result.endToEnd().p50());
        assertEquals(20, result.completionTokens());
        assertEquals(44, result.promptTokens());
        assertTrue(result.outputTokensPerSecond() > 0);

        JsonNode body = server.completionRequests().get(0);
        assertEquals(MODEL, body.get("model").asText());
        assertEquals("Hello", body.get("prompt").asText());
        assertEquals(5, body.get("max_tokens").asInt());
        assertTrue(body.get("stream").asBoolean());
        assertTrue(body.get("stream_options").get("include_usage").asBoolean());
    }

    @Test
    void chatCompletionsReadDeltaContentAndSkipTheRoleChunk() throws Exception {
        server = new StandInVllmServer().models(MODEL).start();
        RequestTiming timing = clientFor(server, null).stream(0,
                new CompletionRequest(MODEL, "Hi there", 3, true, true), ApiProgressListener.NONE);
        assertTrue(timing.succeeded(), timing.error().orElse(""));
        assertEquals("tok0 tok1 tok2 ", timing.text());
        assertEquals(2, timing.interTokenLatenciesS().size());
        JsonNode body = server.completionRequests().get(0);
        assertEquals("user", body.get("messages").get(0).get("role").asText());
        assertEquals("Hi there", body.get("messages").get(0).get("content").asText());
        assertTrue(body.get("ignore_eos").asBoolean());
    }

    @Test
    void theApiKeyIsSentAsBearerAndNeverShown() throws Exception {
        String secret = "sk-very-secret-123";
        server = new StandInVllmServer().models(MODEL).requireApiKey(secret).start();
        VllmApiClient client = clientFor(server, secret);
        assertEquals(MODEL, client.firstModelId());
        RequestTiming timing = client.stream(0, CompletionRequest.completion(MODEL, "x", 2), ApiProgressListener.NONE);
        assertTrue(timing.succeeded());
        assertTrue(server.authorizationHeaders().stream().allMatch(("Bearer " + secret)::equals));
        assertFalse(client.toString().contains(secret));
        assertFalse(client.target().toString().contains(secret));
        assertTrue(client.target().toString().contains("API key set"));

        VllmApiException wrongKey = assertThrows(VllmApiException.class,
                () -> clientFor(server, "sk-wrong-456").listModelIds());
        assertEquals(401, wrongKey.httpStatus());
        assertTrue(wrongKey.getMessage().contains("rejected the API key"), wrongKey.getMessage());
        assertFalse(wrongKey.getMessage().contains("sk-wrong-456"));

        VllmApiException noKey = assertThrows(VllmApiException.class, () -> clientFor(server, null).listModelIds());
        assertTrue(noKey.getMessage().contains("needs an API key"), noKey.getMessage());
    }

    @Test
    void serverFailuresEndUpInTheRequestsError() throws Exception {
        server = new StandInVllmServer().models(MODEL).start();
        VllmApiClient client = clientFor(server, null);

        RequestTiming unknownModel = client.stream(0, CompletionRequest.completion("nope", "x", 2), ApiProgressListener.NONE);
        assertTrue(unknownModel.error().orElseThrow().contains("HTTP 404"), unknownModel.error().get());
        assertTrue(unknownModel.error().get().contains("/v1/models lists them"));

        server.failureMode(FailureMode.COMPLETIONS_ERROR);
        RequestTiming serverError = client.stream(0, CompletionRequest.completion(MODEL, "x", 2), ApiProgressListener.NONE);
        assertTrue(serverError.error().orElseThrow().contains("HTTP 500: {\"object\":\"error\",\"message\":\"CUDA out of memory\""),
                serverError.error().get());

        server.failureMode(FailureMode.DROP_STREAM_MIDWAY);
        RequestTiming dropped = client.stream(0, CompletionRequest.completion(MODEL, "x", 5), ApiProgressListener.NONE);
        assertEquals("the stream ended without [DONE] after 2 chunks — the server may have crashed", dropped.error().orElseThrow());

        server.failureMode(FailureMode.ERROR_CHUNK_IN_STREAM);
        ApiLoadResult result = client.runConcurrent(CompletionRequest.completion(MODEL, "x", 5), 2, ApiProgressListener.NONE);
        assertEquals(2, result.failedCount());
        assertEquals("the server reported an error in the stream: engine died", result.requests().get(1).error().orElseThrow());
        assertEquals(0, result.timeToFirstToken().count());
        assertTrue(Double.isNaN(result.timeToFirstToken().p50()));
    }

    @Test
    void badUrlsAreRejectedWithTheExpectedForm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VllmApiTarget.of("localhost:8000"));
        assertTrue(e.getMessage().contains("http://HOST:PORT"), e.getMessage());
        assertEquals("https://example.org/prefix", VllmApiTarget.of("https://example.org/prefix/v1").baseUrl().toString());
    }
}
