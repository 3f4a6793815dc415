package dev.memlens.core.run.modes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.hf.HfProfileRequest;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.AccountComponent;
import dev.memlens.core.report.FigureKind;
import dev.memlens.core.report.MemoryAccount;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.report.RunFailure;
import dev.memlens.core.run.GpuFigures;
import dev.memlens.core.run.ReportParts;
import dev.memlens.core.run.RunPhase;
import dev.memlens.core.run.WorkloadFailedException;
import dev.memlens.testsupport.StandInExecutables;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfWorkloadWithStandInPythonTest {
    private static final long GIB = 1L << 30;
    @TempDir
    Path temp;
    private StandInExecutables bin;

    @BeforeEach
    void installPython() {
        bin = new StandInExecutables(temp);
        bin.install("/modes/stand-in-python.sh", "python3");
    }

    private Path resource(String name) throws IOException {
        Path target = temp.resolve(name.substring(name.lastIndexOf('/') + 1));
        try (InputStream in = getClass().getResourceAsStream(name)) {
            Files.copy(in, target);
        }
        return target;
    }

    private RecordingRunContext context(Path replay, Map<String, String> extra) throws IOException {
        Map<String, String> env = new HashMap<>(bin.environment());
        env.put("MEMLENS_REPLAY_JSONL", replay.toString());
        env.putAll(extra);
        return new RecordingRunContext(env, Files.createDirectories(temp.resolve("scratch")));
    }

    private static HfConfig config(String model, int batch, int inputLen, int maxTokens) {
        return new HfConfig(new HfProfileRequest(model, true, "bfloat16", batch, OptionalInt.of(inputLen), Optional.empty(),
                maxTokens, "cuda", false), "python3", Duration.ofSeconds(1));
    }

    @Test
    void realH100RecordingGivesAllocatorBreakdownPhasesAndLatency() throws Exception {
        RecordingRunContext context = context(resource("/hf/real-h100-llama32-1b-bf16-b4-512-128.jsonl"), Map.of());
        HfWorkload workload = new HfWorkload(config("cfg", 4, 512, 128));

        workload.run(context);
        ReportParts parts = new ReportParts();
        long baseline = 600L * 1_000_000;
        long peak = baseline + 3_600_000_000L;
        workload.contribute(parts, new GpuFigures(List.of(baseline), List.of(peak)));

        assertEquals(List.of(RunPhase.LOADING, RunPhase.GENERATING, RunPhase.FINISHING), context.phases);
        var last = context.progress.get(context.progress.size() - 1);
        assertEquals(5, last.done());
        assertEquals(5, last.total());
        MemoryAccount b = parts.account();
        assertEquals(2472678912L, b.bytes(AccountComponent.WEIGHTS));
        assertEquals(FigureSource.TORCH_ALLOCATOR, b.item(AccountComponent.WEIGHTS).orElseThrow().source());
        long kv = 2L * 16 * 8 * 64 * 4 * (512 + 128) * 2;
        assertEquals(kv, b.bytes(AccountComponent.KV_CACHE));
        assertEquals(FigureSource.FORMULA, b.item(AccountComponent.KV_CACHE).orElseThrow().source(),
                "this recording predates the cache tensors' bytes: the formula, marked as such");
        assertEquals(FigureKind.DERIVED, b.item(AccountComponent.KV_CACHE).orElseThrow().kind());
        assertEquals(2708151808L - 2472678912L - kv, b.bytes(AccountComponent.ACTIVATIONS));
        assertEquals(3_600_000_000L - 2708151808L, b.calculatorComponents().get(MemoryComponent.FRAMEWORK_OVERHEAD));
        assertEquals(3_600_000_000L, b.totalBytes());
        assertEquals(FigureSource.GPU_SAMPLER, b.totalSource());
        assertEquals(12.891497, parts.latency().avgSeconds(), 1e-9);
        assertEquals(1.674613, parts.latency().percentile("ttft_50"), 1e-9);
        assertEquals(16, parts.model().numLayers());
        assertEquals(1235814400L, parts.model().numParameters());
        assertEquals("bfloat16", parts.model().dtype());
        assertEquals(512, parts.parameters().inputLen());
        assertEquals("5.17.0", parts.engine().engineVersion());
        assertTrue(parts.failures().isEmpty());
        assertTrue(context.logLines.contains("stdout: Some library warning printed to stdout"), context.logLines.toString());
        assertEquals(1, b.perGpu().size(), "one GPU: the run's items are its items");
        assertEquals(3_600_000_000L, b.perGpu().get(0).totalBytes());
        assertEquals(2472678912L, b.perGpu().get(0).items().stream()
                .filter(i -> i.component() == AccountComponent.WEIGHTS).findFirst().orElseThrow().bytes());
        assertEquals(b.items().subList(0, b.items().size() - 1), b.perGpu().get(0).items().subList(0, b.items().size() - 1),
                "the same items");
        assertEquals(b.bytes(AccountComponent.UNATTRIBUTED), b.perGpu().get(0).items().get(b.items().size() - 1).bytes(),
                "the same closing unattributed");
    }

    @Test
    void onTwoGpusEachGetsItsShareOfThePeakMomentAndTheAllocatorsItemsAreUnknownPerGpu() throws Exception {
        RecordingRunContext context = context(resource("/hf/real-h100-llama32-1b-bf16-b4-512-128.jsonl"), Map.of());
        HfWorkload workload = new HfWorkload(config("cfg", 4, 512, 128));
        workload.run(context);
        ReportParts parts = new ReportParts();
        // GPU 1 peaked at 900 MB at another moment; at the run's peak it held 700 MB over its 500 MB baseline
        long run = 600_000_000L + 3_600_000_000L + 700_000_000L;
        workload.contribute(parts, new GpuFigures(List.of(600_000_000L, 500_000_000L),
                List.of(4_200_000_000L, 900_000_000L), run, List.of(4_200_000_000L, 700_000_000L)));

        MemoryAccount b = parts.account();
        assertEquals(3_800_000_000L, b.totalBytes(), "peak of the simultaneous sum − both baselines");
        assertEquals(2, b.perGpu().size());
        assertEquals(3_600_000_000L, b.perGpu().get(0).totalBytes());
        assertEquals(200_000_000L, b.perGpu().get(1).totalBytes(), "its used memory at the run's peak − its baseline");
        for (var gpu : b.perGpu()) {
            assertEquals(FigureKind.UNKNOWN, gpu.items().stream().filter(i -> i.component() == AccountComponent.WEIGHTS)
                    .findFirst().orElseThrow().kind(), "the allocator reports the run, not each GPU");
            assertEquals(gpu.totalBytes(), gpu.items().stream().filter(i -> i.component() == AccountComponent.UNATTRIBUTED)
                    .findFirst().orElseThrow().bytes(), "unattributed closes each GPU's sum");
        }
    }

    @Test
    void modelNameFullOfShellMetacharactersReachesThePythonUnchanged() throws Exception {
        String model = "we'ird; $(touch pwned) `id` \"q\" | & > x * ?";
        RecordingRunContext context = context(resource("/hf/real-h100-llama32-1b-bf16-b4-512-128.jsonl"), Map.of());
        new HfWorkload(config(model, 4, 512, 128)).run(context);
        assertTrue(context.logLines.contains("stderr: ARG[" + model + "]"), context.logLines.toString());
        assertFalse(Files.exists(temp.resolve("scratch").resolve("pwned")));
    }

    @Test
    void outOfMemoryFailsWithAdviceAndKeepsTheWeights() throws Exception {
        RecordingRunContext context = context(resource("/hf/real-h100-llama32-1b-oom-b512-8192.jsonl"),
                Map.of("MEMLENS_REPLAY_EXIT", "5"));
        HfWorkload workload = new HfWorkload(config("cfg", 512, 8192, 128));

        WorkloadFailedException e = assertThrows(WorkloadFailedException.class, () -> workload.run(context));
        assertTrue(e.getMessage().contains("CUDA out of memory"), e.getMessage());
        ReportParts parts = new ReportParts();
        workload.contribute(parts, new GpuFigures(List.of(GIB), List.of(60 * GIB)));
        RunFailure failure = parts.failures().get(0);
        assertEquals("oom", failure.label());
        assertTrue(failure.advice().contains("--batch-size"), failure.advice());
        assertEquals(2472678912L, parts.account().bytes(AccountComponent.WEIGHTS));
        assertEquals(FigureKind.UNKNOWN, parts.account().item(AccountComponent.KV_CACHE).orElseThrow().kind(),
                "a failed run's KV cache is unknown, never 0");
        assertEquals(59 * GIB, parts.account().totalBytes());
        assertEquals(55253806080L, parts.account().details().get("allocated_at_failure").bytes());
        assertNull(parts.latency());
    }

    @Test
    void missingModuleSaysTheFix() throws Exception {
        Path replay = temp.resolve("missing.jsonl");
        Files.writeString(replay, "{\"event\": \"error\", \"kind\": \"missing_module\", \"message\": \"Python module"
                + " 'transformers' is not installed\", \"module\": \"transformers\", \"fix\": \"/usr/bin/python3 -m pip"
                + " install transformers\"}\n");
        RecordingRunContext context = context(replay, Map.of("MEMLENS_REPLAY_EXIT", "3"));
        HfWorkload workload = new HfWorkload(config("cfg", 1, 8, 8));

        WorkloadFailedException e = assertThrows(WorkloadFailedException.class, () -> workload.run(context));
        assertTrue(e.getMessage().contains("pip install transformers"), e.getMessage());
        ReportParts parts = new ReportParts();
        workload.contribute(parts, GpuFigures.none());
        assertEquals("missing_module", parts.failures().get(0).label());
        assertEquals("/usr/bin/python3 -m pip install transformers", parts.failures().get(0).advice());
    }

    @Test
    void missingInterpreterSaysHowToInstallOrChooseOne() throws Exception {
        RecordingRunContext context = context(temp.resolve("none.jsonl"), Map.of());
        HfWorkload workload = new HfWorkload(new HfConfig(config("cfg", 1, 8, 8).request(), "/nowhere/python3", null));

        WorkloadFailedException e = assertThrows(WorkloadFailedException.class, () -> workload.run(context));
        assertTrue(e.getMessage().contains("/nowhere/python3"), e.getMessage());
        ReportParts parts = new ReportParts();
        workload.contribute(parts, GpuFigures.none());
        assertEquals("missing-python", parts.failures().get(0).label());
        assertTrue(parts.failures().get(0).advice().contains("--python"));
    }

    @Test
    void crashWithoutAnErrorLineIsACrashWithTheStderrTail() throws Exception {
        Path replay = temp.resolve("partial.jsonl");
        List<String> lines = Files.readAllLines(resource("/hf/real-h100-llama32-1b-bf16-b4-512-128.jsonl"));
        Files.write(replay, lines.subList(0, 4));
        RecordingRunContext context = context(replay, Map.of("MEMLENS_REPLAY_EXIT", "139"));
        HfWorkload workload = new HfWorkload(config("cfg", 4, 512, 128));

        WorkloadFailedException e = assertThrows(WorkloadFailedException.class, () -> workload.run(context));
        assertTrue(e.getMessage().contains("139"), e.getMessage());
        ReportParts parts = new ReportParts();
        workload.contribute(parts, new GpuFigures(List.of(GIB), List.of(5 * GIB)));
        assertEquals("crash", parts.failures().get(0).label());
        assertTrue(parts.failures().get(0).message().contains("Traceback-like stderr noise"));
        assertEquals(2472678912L, parts.account().bytes(AccountComponent.WEIGHTS));
    }

    @Test
    void cancelEndsAProfilerThatIgnoresSigterm() throws Exception {
        Path pidFile = temp.resolve("python.pid");
        RecordingRunContext context = context(resource("/hf/real-h100-llama32-1b-bf16-b4-512-128.jsonl"),
                Map.of("MEMLENS_REPLAY_HANG", "ignore-term", "MEMLENS_PID_FILE", pidFile.toString()));
        context.awaitedText = "stand-in python hanging";
        HfWorkload workload = new HfWorkload(config("cfg", 4, 512, 128));
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
            try {
                workload.run(context);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(context.sawAwaitedLine.await(20, TimeUnit.SECONDS), "the stand-in never started hanging");
        long pid = Long.parseLong(Files.readString(pidFile).strip());

        workload.cancel();
        run.get(30, TimeUnit.SECONDS); // returns normally: the session knows it cancelled
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        assertTrue(handle.isEmpty() || !handle.get().isAlive(), "the profiler survived the cancel");
        ReportParts parts = new ReportParts();
        workload.contribute(parts, GpuFigures.none());
        assertTrue(parts.failures().isEmpty(), parts.failures().toString());
        assertNotNull(parts.model());
    }
}
