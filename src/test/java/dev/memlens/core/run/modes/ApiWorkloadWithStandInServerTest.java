package dev.memlens.core.run.modes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.model.ModelSpecs;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.AccountComponent;
import dev.memlens.core.report.AccountItem;
import dev.memlens.core.report.FigureKind;
import dev.memlens.core.report.MemoryAccount;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.run.GpuFigures;
import dev.memlens.core.run.ReportParts;
import dev.memlens.core.run.RunPhase;
import dev.memlens.core.run.WorkloadFailedException;
import dev.memlens.testsupport.StandInVllmServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiWorkloadWithStandInServerTest {
    private static final long GB = 1_000_000_000L;
    @TempDir
    Path temp;

    private RecordingRunContext context() {
        return new RecordingRunContext(Map.of(), temp);
    }

    private Path llamaConfig() throws Exception {
        Path config = temp.resolve("config.json");
        try (InputStream in = getClass().getResourceAsStream("/hf/llama-3.2-1b-config/config.json")) {
            Files.copy(in, config);
        }
        return config;
    }

    private static ApiConfig config(String url, String key, String model, int batch, boolean chat, Path modelConfig) {
        return new ApiConfig(url, key, model, "Hello, how are you?", 16, batch, chat, false, modelConfig, 1,
                Duration.ofMillis(20), null);
    }

    @Test
    void concurrentRequestsGiveLatencyKvUsageAndAConfigBasedBreakdown() throws Exception {
        try (StandInVllmServer server = new StandInVllmServer().tokenDelay(Duration.ofMillis(1)).start()) {
            Path modelConfig = llamaConfig();
            RecordingRunContext context = context();
            ApiWorkload workload = new ApiWorkload(config(server.baseUrl(), null, null, 3, false, modelConfig));

            workload.run(context);
            ReportParts parts = new ReportParts();
            workload.contribute(parts, new GpuFigures(List.of(84 * GB), List.of(85 * GB)));

            assertEquals(3, server.completionRequests().size());
            assertEquals("Qwen/Qwen2.5-0.5B-Instruct", server.completionRequests().get(0).path("model").asText());
            assertEquals(List.of(RunPhase.REQUESTS), context.phases);
            var last = context.progress.get(context.progress.size() - 1);
            assertEquals(3, last.done());
            assertEquals(3, last.total());
            assertEquals("Requests 3/3", last.toString());
            assertNotNull(parts.latency().percentile("50"));
            assertNotNull(parts.latency().percentile("ttft_99"));
            assertNotNull(parts.latency().percentile("itl_90"));
            assertEquals(3, parts.latency().latencies().size());

            long perToken = 16L * 2 * 8 * 64 * 2;
            long pool = 152340L * 16 * perToken;
            assertFalse(context.kvUsages.isEmpty());
            assertNotNull(context.kvUsages.get(context.kvUsages.size() - 1).bytes());
            assertEquals(List.of(dev.memlens.core.vllm.breakdown.EngineBudget.fromMetrics(0.9)), context.engineBudgets,
                    "the server's cache_config_info gpu_memory_utilization, announced once as its budget");
            assertEquals(new dev.memlens.core.report.EngineShare(0.9, FigureSource.VLLM_METRICS), parts.engineShare(),
                    "the report keeps the share with its source, /metrics");
            MemoryAccount b = parts.account();
            assertEquals(pool, b.bytes(AccountComponent.KV_CACHE));
            AccountItem kv = b.item(AccountComponent.KV_CACHE).orElseThrow();
            assertEquals(FigureSource.VLLM_METRICS, kv.source());
            assertEquals(FigureKind.DERIVED, kv.kind(), "blocks × block bytes: derived, never measured");
            long weights = ModelSpecs.load(modelConfig).weightBytes();
            assertEquals(weights, b.bytes(AccountComponent.WEIGHTS));
            assertEquals(85 * GB, b.totalBytes());
            assertEquals(FigureSource.GPU_SAMPLER, b.totalSource());
            assertEquals(85 * GB - weights - pool, b.bytes(AccountComponent.UNATTRIBUTED));
            assertEquals(FigureKind.UNKNOWN, b.item(AccountComponent.ACTIVATIONS).orElseThrow().kind(),
                    "activations are not guessed");
            assertNull(b.calculatorComponents().get(MemoryComponent.FRAMEWORK_OVERHEAD),
                    "overhead is unknown while the activations are");
            assertEquals(GB, b.details().get("increase_during_run").bytes());
            assertEquals(3, parts.parameters().batchSize());
            assertEquals(7, parts.parameters().inputLen());
            assertEquals(48L, parts.apiStats().completionTokens(), "a number, not a string");
            assertEquals(3L, parts.apiStats().succeededRequests());
            assertEquals(0L, parts.apiStats().failedRequests());
            assertNotNull(parts.apiStats().timeToFirstToken().percentile("99"));
            assertTrue(parts.failures().isEmpty());
        }
    }

    @Test
    void aTwoGpuServerGetsAnAccountPerGpuWithEachRanksKvPool() throws Exception {
        try (StandInVllmServer server = new StandInVllmServer().start()) {
            Path modelConfig = llamaConfig();
            ApiWorkload workload = new ApiWorkload(new ApiConfig(server.baseUrl(), null, null, "Hello, how are you?", 16,
                    2, false, false, modelConfig, 2, Duration.ofMillis(20), null));
            workload.run(context());
            ReportParts parts = new ReportParts();
            // the GPUs peaked at different moments (45 and 46 GB); at the run's peak they held 45 and 44 GB
            workload.contribute(parts, new GpuFigures(List.of(40 * GB, 41 * GB), List.of(45 * GB, 46 * GB), 89 * GB,
                    List.of(45 * GB, 44 * GB)));

            MemoryAccount a = parts.account();
            assertEquals(89 * GB, a.totalBytes(), "the server's footprint at the run's peak");
            long pool = a.bytes(AccountComponent.KV_CACHE);
            assertEquals(2, a.perGpu().size());
            assertEquals(List.of(45 * GB, 44 * GB), a.perGpu().stream().map(g -> g.totalBytes()).toList(),
                    "each GPU's used memory at the run's peak (the server was loaded before: no baseline to remove)");
            for (var gpu : a.perGpu()) {
                AccountItem kv = gpu.items().stream().filter(i -> i.component() == AccountComponent.KV_CACHE)
                        .findFirst().orElseThrow();
                assertEquals(pool / 2, kv.bytes(), "one rank's pool on each GPU");
                assertEquals(FigureKind.DERIVED, kv.kind());
                assertEquals(FigureKind.UNKNOWN, gpu.items().stream().filter(i -> i.component() == AccountComponent.WEIGHTS)
                        .findFirst().orElseThrow().kind(), "the weights are known for the server, not per GPU");
                assertEquals(gpu.totalBytes() - pool / 2, gpu.items().stream()
                        .filter(i -> i.component() == AccountComponent.UNATTRIBUTED).findFirst().orElseThrow().bytes());
            }
        }
    }

    @Test
    void withPerProcessMemoryTheTotalIsTheServersProcessesNotTheWholeGpu() throws Exception {
        try (StandInVllmServer server = new StandInVllmServer().start()) {
            ApiWorkload workload = new ApiWorkload(config(server.baseUrl(), null, "Qwen/Qwen2.5-0.5B-Instruct", 1, false,
                    llamaConfig()));
            workload.run(context());
            ReportParts parts = new ReportParts();
            long process = 84_500_000_000L; // what the server's process held; the GPU's used memory adds the rest
            workload.contribute(parts, new GpuFigures(List.of(84 * GB), List.of(85 * GB), 85 * GB, List.of(85 * GB),
                    List.of(new dev.memlens.core.gpu.GpuProcessSample(1, 4242, "VLLM::EngineCore", process, "GPU-0", 0))));

            MemoryAccount a = parts.account();
            assertEquals(process, a.totalBytes());
            assertTrue(a.totalNote().contains("per-process memory") && a.totalNote().contains("pid 4242"), a.totalNote());
            assertEquals(85 * GB, a.details().get("gpu_used_at_peak").bytes());
            long known = a.items().stream().filter(i -> i.isKnown() && i.component() != AccountComponent.UNATTRIBUTED)
                    .mapToLong(AccountItem::bytes).sum();
            assertEquals(process - known, a.bytes(AccountComponent.UNATTRIBUTED), "unattributed closes the process total");
        }
    }

    @Test
    void withoutAConfigOnlyTheMeasuredTotalAndTheUsageFraction() throws Exception {
        try (StandInVllmServer server = new StandInVllmServer().start()) {
            RecordingRunContext context = context();
            ApiWorkload workload = new ApiWorkload(config(server.baseUrl(), null, "Qwen/Qwen2.5-0.5B-Instruct", 1, true, null));
            workload.run(context);
            ReportParts parts = new ReportParts();
            workload.contribute(parts, new GpuFigures(List.of(10 * GB), List.of(11 * GB)));

            assertTrue(server.completionRequests().get(0).has("messages"), "chat requests carry messages");
            assertTrue(context.kvUsages.stream().allMatch(u -> u.bytes() == null));
            MemoryAccount a = parts.account();
            assertTrue(a.calculatorComponents().isEmpty(), a.toString());
            assertEquals(FigureKind.UNKNOWN, a.item(AccountComponent.WEIGHTS).orElseThrow().kind());
            assertEquals(FigureKind.UNKNOWN, a.item(AccountComponent.KV_CACHE).orElseThrow().kind());
            assertEquals(11 * GB, a.totalBytes());
            assertEquals(11 * GB, a.bytes(AccountComponent.UNATTRIBUTED));
            assertNotNull(parts.apiStats().kvCachePeakUsageFraction());
        }
    }

    @Test
    void theApiKeyIsSentButNeverWrittenAnywhere() throws Exception {
        String key = "sk-very-secret-42";
        try (StandInVllmServer server = new StandInVllmServer().requireApiKey(key).start()) {
            RecordingRunContext context = context();
            ApiWorkload workload = new ApiWorkload(config(server.baseUrl(), key, null, 2, false, null));
            workload.run(context);
            ReportParts parts = new ReportParts();
            workload.contribute(parts, GpuFigures.none());

            assertTrue(server.authorizationHeaders().contains("Bearer " + key));
            String everything = context.logLines + " " + context.warnings + " " + parts.parameters() + " "
                    + parts.engine() + " " + parts.model() + " " + parts.failures() + " " + workload.parameters();
            assertFalse(everything.contains(key), everything);
        }
    }

    @Test
    void deadServerFailsWithWhatToCheck() throws Exception {
        try (StandInVllmServer server = new StandInVllmServer()
                .failureMode(StandInVllmServer.FailureMode.HEALTH_UNAVAILABLE).start()) {
            ApiWorkload workload = new ApiWorkload(config(server.baseUrl(), null, null, 1, false, null));
            WorkloadFailedException e = assertThrows(WorkloadFailedException.class, () -> workload.run(context()));
            assertTrue(e.getMessage().contains("503"), e.getMessage());
            ReportParts parts = new ReportParts();
            workload.contribute(parts, GpuFigures.none());
            assertEquals("api-unreachable", parts.failures().get(0).label());
        }
    }

    @Test
    void allRequestsFailingFailsTheRun() throws Exception {
        try (StandInVllmServer server = new StandInVllmServer()
                .failureMode(StandInVllmServer.FailureMode.COMPLETIONS_ERROR).start()) {
            ApiWorkload workload = new ApiWorkload(config(server.baseUrl(), null, null, 2, false, null));
            WorkloadFailedException e = assertThrows(WorkloadFailedException.class, () -> workload.run(context()));
            assertTrue(e.getMessage().contains("all 2 request(s) failed"), e.getMessage());
            ReportParts parts = new ReportParts();
            workload.contribute(parts, GpuFigures.none());
            assertEquals("requests-failed", parts.failures().get(0).label());
        }
    }

    @Test
    void cancelClosesTheStreamsAndReturns() throws Exception {
        try (StandInVllmServer server = new StandInVllmServer().tokenDelay(Duration.ofMillis(200)).start()) {
            ApiWorkload workload = new ApiWorkload(new ApiConfig(server.baseUrl(), null, null, "p", 10_000, 2, false,
                    false, null, 1, Duration.ofMillis(50), null));
            RecordingRunContext context = context();
            CompletableFuture<Boolean> run = CompletableFuture.supplyAsync(() -> {
                try {
                    workload.run(context);
                    return Thread.currentThread().isInterrupted();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (server.completionRequests().size() < 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(2, server.completionRequests().size(), "the requests never reached the server");
            workload.cancel();
            assertFalse(run.get(20, TimeUnit.SECONDS), "the cancel's interrupt leaked out of run()");
            ReportParts parts = new ReportParts();
            workload.contribute(parts, GpuFigures.none());
            assertTrue(parts.failures().isEmpty());
        }
    }
}
