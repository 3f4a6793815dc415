package dev.memlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.report.AccountComponent;
import dev.memlens.core.gpu.GpuSamplerError;
import dev.memlens.core.process.Host;
import dev.memlens.core.process.ManagedProcess;
import dev.memlens.core.process.OutputListener;
import dev.memlens.core.process.ProcessIdentity;
import dev.memlens.core.process.ProcessSpec;
import dev.memlens.core.report.json.ReportWriter;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunMode;
import dev.memlens.core.report.json.ReportReader;
import dev.memlens.core.report.RunStatus;
import dev.memlens.core.units.Bytes;
import dev.memlens.testsupport.StandInExecutables;
import dev.memlens.testutil.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `memlens bench` end to end against stand-in `vllm` and `nvidia-smi` executables that replay real output. */
class BenchCommandWithStandInVllmTest {
    @TempDir
    Path dir;
    private Map<String, String> env;
    private Path runs;

    @BeforeEach
    void setUp() throws java.io.IOException {
        Files.createDirectories(dir.resolve("standin-state"));
        StandInExecutables bin = new StandInExecutables(dir);
        bin.install("/run/bench/stand-in-vllm.sh", "vllm");
        bin.install("/gpu/standins/nvidia-smi", "nvidia-smi");
        env = new HashMap<>(bin.environment());
        env.put("STANDIN_VLLM_DIR", Resources.path("run/bench").toString());
        // not dir itself: the stand-in nvidia-smi keeps a file "runs" there, which is the run library's name
        env.put("STANDIN_STATE", dir.resolve("standin-state").toString());
        env.put("STANDIN_VLLM_PIDS", dir.resolve("pids").toString());
        runs = dir.resolve("runs");
    }

    private BenchCli.Run bench(String... extra) {
        return benchModel("meta-llama/Llama-3.1-8B-Instruct", extra);
    }

    private BenchCli.Run benchModel(String model, String... extra) {
        return BenchCli.run(env, dir.resolve("home"), runs, model, extra);
    }

    private ProfileReport onlySavedReport() throws Exception {
        try (Stream<Path> files = Files.list(runs)) {
            List<Path> reports = files.filter(p -> p.toString().endsWith(".json")).toList();
            assertEquals(1, reports.size(), "one report in the run library: " + reports);
            return ReportReader.read(reports.get(0));
        }
    }

    @Test
    void aCompletedRunReadsVllmsAccountingAndSamplesDuringTheRun() throws Exception {
        Path output = dir.resolve("out/report.json");
        // the stand-in's benchmark waits until the run journal holds three samples of GPU 0: sampled while it runs
        env.put("STANDIN_VLLM_HOLD_SAMPLES", "3");
        env.put("STANDIN_VLLM_JOURNALS", runs.resolve("journal").toString());
        BenchCli.Run run = bench("--calc-total", "80", "--output", output.toString());
        assertEquals(0, run.exit(), run.out() + run.err());
        ProfileReport r = onlySavedReport();
        assertEquals(RunStatus.COMPLETED, r.status());
        assertEquals(RunMode.BENCH, r.mode());
        assertEquals("0.19.0", r.engine().engineVersion());
        var weights = r.account().item(AccountComponent.WEIGHTS).orElseThrow();
        assertEquals(FigureSource.VLLM_LOG, weights.source());
        assertEquals(14.99, Bytes.toGib(weights.bytes()), 0.005);
        assertEquals(58.11, Bytes.toGib(r.account().bytes(AccountComponent.KV_CACHE)), 0.005);
        assertEquals(1.8342712315994625, r.latency().avgSeconds());
        assertEquals(2, r.timeline().size(), "the stand-in has two GPUs");
        List<String> phases = r.phases().stream().map(p -> p.phase()).toList();
        long doneAt = r.phases().stream().filter(p -> p.phase().equals("done")).findFirst().orElseThrow().startMillis();
        var gpu0 = r.timeline().stream().filter(t -> t.gpuIndex() == 0).findFirst().orElseThrow();
        long whileRunning = java.util.stream.IntStream.range(0, gpu0.size())
                .filter(i -> gpu0.elapsedMillis(i) <= doneAt).count();
        assertTrue(whileRunning >= 3, "the three samples the engine waited for were taken while it ran, before "
                + "\"done\" at " + doneAt + " ms: " + whileRunning);
        assertTrue(phases.containsAll(List.of("baseline", "loading", "profiling", "kv-allocation", "warmup", "measuring", "done")), phases.toString());
        assertEquals(80e9, r.calculator().totalBytes(), 1);
        assertTrue(Files.exists(output));
        assertTrue(run.out().contains("bench run completed"), run.out());
        assertTrue(run.out().contains("measured vllm-log"), run.out());
        assertEquals(dev.memlens.core.gpu.SamplingHealth.Status.OK, r.sampling().status(), r.sampling().summary());
        assertEquals(20, r.sampling().intervalMs());
        assertEquals(r.timeline().stream().mapToLong(t -> t.size()).sum(), r.sampling().samples(),
                "every sample counted is in the timeline");
        assertTrue(run.out().contains("  GPU sampling: nvidia-smi ("), run.out());
        assertFalse(Files.exists(runs.resolve("journal")) && Files.list(runs.resolve("journal")).findAny().isPresent(),
                "the journal is removed once the report is saved");
    }

    /**
     * Run without --gpu-memory-utilization, the report's parameters do not record it; reopened, its budget is still
     * the one vLLM's log requested (0.95 × 79.19 GiB on the replayed H100), its share 0.95 kept as the log's.
     */
    @Test
    void aReopenedReportWithoutTheUtilizationArgumentKeepsTheBudgetVllmsLogRequested() throws Exception {
        BenchCli.Run run = bench();
        assertEquals(0, run.exit(), run.out() + run.err());
        ProfileReport r = onlySavedReport();
        assertEquals(null, r.parameters().gpuMemoryUtilization(), "the run was not given the argument");
        dev.memlens.core.vllm.breakdown.EngineBudget budget = dev.memlens.core.vllm.breakdown.EngineBudget.of(r)
                .orElseThrow();
        assertEquals(dev.memlens.core.vllm.breakdown.EngineBudget.Source.ENGINE_LOG, budget.source());
        assertEquals(Math.round(0.95 * Math.round(79.19 * Bytes.GIB)), budget.perGpuBytes());
        assertEquals(0.95, budget.share(), "the report keeps the share vLLM's log gave, with its source");
        assertEquals(new dev.memlens.core.report.EngineShare(0.95, dev.memlens.core.report.FigureSource.VLLM_LOG),
                r.engineShare());
        assertEquals("0.95 (from the vLLM log)", budget.parameterText());
    }

    @Test
    void aGpuLostDuringTheRunFailsTheRunWithExitOne() throws Exception {
        env.put("STANDIN_MODE", "lost-later");
        env.put("STANDIN_LINES", "1");
        BenchCli.Run run = bench();
        ProfileReport r = onlySavedReport();
        assertEquals(RunStatus.FAILED, r.status(), r.statusMessage());
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(r.statusMessage().startsWith("GPU sampling failed during the run: "), r.statusMessage());
        assertTrue(r.statusMessage().contains("GPU is lost"), r.statusMessage());
        assertTrue(r.failures().stream().anyMatch(f -> f.kind() == dev.memlens.core.report.FailureKind.GPU_SAMPLER), r.failures().toString());
        assertTrue(run.out().contains("bench run failed"), run.out());
        assertEquals(dev.memlens.core.gpu.SamplingHealth.Status.FAILED, r.sampling().status());
        assertEquals(GpuSamplerError.Kind.GPU_LOST, r.sampling().fatalError().orElseThrow().kind());
        assertTrue(run.out().contains("  GPU sampling (failed): nvidia-smi ("), run.out());
    }

    @Test
    void enginesAnInterruptedRunLeftRunningAreNamedAndEndedWithTheFlag() throws Exception {
        ManagedProcess engine = Host.local().start(ProcessSpec.of("sleep", "1000"), OutputListener.NONE);
        try {
            ProcessIdentity id = engine.identity().orElseThrow();
            Path journals = Files.createDirectories(runs.resolve("journal"));
            String header = "{\"header\":{\"run_id\":\"20261201-090000-bench-old\",\"report\":"
                    + ReportWriter.toJson(ProfileReport.builder().status(RunStatus.INTERRUPTED, null)
                            .mode(RunMode.BENCH).build()) + "}}";
            String process = "{\"process\":{\"pid\":" + id.pid() + ",\"started_at\":\"" + id.startedAt()
                    + "\",\"tag\":\"" + engine.tag() + "\",\"host\":\"this machine\",\"command\":\"vllm\"}}";
            Files.write(journals.resolve("20261201-090000-bench-old-abcd1234.jsonl"), List.of(header, process));

            BenchCli.Run told = bench();
            assertTrue(told.err().contains("memlens: recovered an interrupted run into"), told.err());
            assertTrue(told.err().contains("memlens:   vllm of run 20261201-090000-bench-old: 1 process(es) still"
                    + " running (pid " + id.pid() + ")"), told.err());
            assertTrue(told.err().contains("end them with --end-survivors"), told.err());
            assertTrue(engine.isRunning(), "named, not ended, without the flag");

            BenchCli.Run ended = bench("--end-survivors");
            assertTrue(ended.err().contains("memlens: ended vllm of run 20261201-090000-bench-old: 1 process(es)"),
                    ended.err());
            assertEquals(143, engine.awaitResult(Duration.ofSeconds(60)).orElseThrow().exitCode(), "SIGTERM ended it");
        } finally {
            engine.cancelAndWait();
        }
    }

    @Test
    void anOutOfMemoryCrashSavesAFailedReportWithTheAdvice() throws Exception {
        env.put("STANDIN_VLLM_MODE", "oom");
        BenchCli.Run run = bench();
        assertEquals(1, run.exit(), run.out() + run.err());
        ProfileReport r = onlySavedReport();
        assertEquals(RunStatus.FAILED, r.status());
        assertTrue(r.failures().stream().anyMatch(f -> f.label().contains("oom")), r.failures().toString());
        assertTrue(run.out().contains("What to do:"), run.out());
        assertFalse(r.timeline().isEmpty(), "the partial timeline is kept");
    }

    @Test
    void aTimeoutCancelsTheWholeProcessTreeAndSavesACancelledReport() throws Exception {
        env.put("STANDIN_VLLM_MODE", "stubborn");
        BenchCli.Run run = bench("--timeout", "2");
        assertEquals(ExitCodes.TIMEOUT, run.exit(), run.out() + run.err());
        ProfileReport r = onlySavedReport();
        assertEquals(RunStatus.CANCELLED, r.status());
        assertEquals("timed out after 2 s", r.statusMessage());
        assertNoSurvivors();
    }

    @Test
    void cancelFromAnotherThreadEndsTheRunLikeTheCancelButton() throws Exception {
        env.put("STANDIN_VLLM_MODE", "hang");
        var settings = dev.memlens.core.run.SessionSettings.defaults(runs, env);
        var session = new dev.memlens.core.run.ProfileSession(settings, new dev.memlens.core.run.bench.BenchWorkload(
                dev.memlens.core.run.bench.BenchConfig.of("m", 16, 16)), new dev.memlens.core.run.SessionListener() {
        });
        var outcome = CompletableFuture.supplyAsync(() -> {
            try {
                return session.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // the stand-in records its pids once vLLM "started"; then cancel
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(dir.resolve("pids")) && Files.readAllLines(dir.resolve("pids")).size() >= 2)) {
            assertTrue(System.nanoTime() < deadline, "the stand-in vllm never started");
            Thread.sleep(20);
        }
        session.cancel();
        var result = outcome.get(60, TimeUnit.SECONDS);
        assertEquals(RunStatus.CANCELLED, result.report().status());
        assertNotNull(result.savedTo());
        assertNoSurvivors();
    }

    @Test
    void aMissingVllmIsAClearFailureWithTheFix() throws Exception {
        env.put("PATH", dir.resolve("stand-in-bin") + ":/usr/bin:/bin");
        Files.delete(dir.resolve("stand-in-bin/vllm"));
        BenchCli.Run run = bench();
        assertEquals(1, run.exit());
        ProfileReport r = onlySavedReport();
        assertEquals(RunStatus.FAILED, r.status());
        assertTrue(r.statusMessage().contains("vllm not found on PATH"), r.statusMessage());
        assertTrue(run.out().contains("pip install vllm"), run.out());
    }

    @Test
    void aModelNameFullOfShellMetacharactersReachesVllmUnchanged() throws Exception {
        Path argv = dir.resolve("argv.txt");
        env.put("STANDIN_VLLM_ARGV", argv.toString());
        String evil = "m; rm -rf / $(touch pwned) `id` \"q\" 'x' | cat > y & echo";
        // through BenchCli, which keeps the progress lines off the build's console
        BenchCli.Run run = benchModel(evil, "--", "--max-num-seqs", "4");
        assertEquals(0, run.exit(), run.out() + run.err());
        List<String> received = Files.readAllLines(argv);
        assertEquals(evil, received.get(received.indexOf("--model") + 1));
        assertEquals("4", received.get(received.indexOf("--max-num-seqs") + 1));
        assertFalse(Files.exists(dir.resolve("pwned")));
    }

    private void assertNoSurvivors() throws Exception {
        for (String pid : Files.readAllLines(dir.resolve("pids"))) {
            var handle = ProcessHandle.of(Long.parseLong(pid.trim()));
            assertTrue(handle.isEmpty() || !handle.get().isAlive(), "process " + pid + " survived the cancel");
        }
    }
}
