package dev.memlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.report.AccountComponent;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunMode;
import dev.memlens.core.report.json.ReportReader;
import dev.memlens.core.report.RunStatus;
import dev.memlens.core.settings.AppDirectories;
import dev.memlens.testsupport.StandInExecutables;
import dev.memlens.testsupport.StandInVllmServer;
import dev.memlens.testutil.Resources;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `memlens api`, `memlens hf` and `memlens docker` end to end: stand-in nvidia-smi, python and docker on PATH, the
 * in-process stand-in vLLM server; each run leaves a complete report through --output.
 */
class ModeCommandsWithStandInsTest {
    @TempDir
    Path dir;
    private Map<String, String> env;
    private Path runs;
    private Path output;

    @BeforeEach
    void setUp() throws Exception {
        StandInExecutables bin = new StandInExecutables(dir);
        bin.install("/gpu/standins/nvidia-smi", "nvidia-smi");
        bin.install("/modes/stand-in-python.sh", "python3");
        bin.install("/modes/stand-in-docker.sh", "docker");
        env = new HashMap<>(bin.environment());
        env.put("STANDIN_STATE", dir.toString());
        env.put("MEMLENS_REPLAY_JSONL", Resources.path("hf/real-h100-llama32-1b-bf16-b4-512-128.jsonl").toString());
        runs = dir.resolve("runs");
        output = dir.resolve("out/report.json");
    }

    record Run(int exit, String out, String err) {
    }

    private Run execute(Callable<Integer> command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--interval-ms", "20", "--runs-dir", runs.toString(), "--output", output.toString()));
        return new Run(cl.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    private HfCommand hf() {
        HfCommand command = new HfCommand();
        command.run.environment = env;
        command.run.directories = AppDirectories.from(Map.of(), dir.resolve("home"));
        return command;
    }

    private ApiCommand api() {
        ApiCommand command = new ApiCommand();
        command.run.environment = env;
        command.run.directories = AppDirectories.from(Map.of(), dir.resolve("home"));
        return command;
    }

    private DockerCommand docker() {
        DockerCommand command = new DockerCommand();
        command.run.environment = env;
        command.run.directories = AppDirectories.from(Map.of(), dir.resolve("home"));
        return command;
    }

    @Test
    void hfRunWritesACompleteReport() throws Exception {
        Run run = execute(hf(), "--model", "cfg", "--random-weights", "--dtype", "bfloat16", "--batch-size", "4",
                "--input-len", "512", "--max-tokens", "128");
        assertEquals(0, run.exit(), run.out() + run.err());
        ProfileReport r = ReportReader.read(output);
        assertEquals(RunStatus.COMPLETED, r.status());
        assertEquals(RunMode.HF, r.mode());
        assertEquals(FigureSource.TORCH_ALLOCATOR, r.account().item(AccountComponent.WEIGHTS).orElseThrow().source());
        // the replay may end before the first sample: then the total is the allocator's, never absent
        assertNotNull(r.account().totalBytes());
        assertEquals(2472678912L, r.account().bytes(AccountComponent.WEIGHTS));
        assertTrue(r.phases().stream().anyMatch(p -> p.phase().equals("generating")), r.phases().toString());
        assertTrue(run.out().contains("hf run completed"), run.out());
    }

    @Test
    void hfWithSourceNvmlSamplesTheStandInLibraryAndTheReportNamesTheSource() throws Exception {
        dev.memlens.core.gpu.nvml.FakeNvml fake = dev.memlens.core.gpu.nvml.FakeNvml.build(
                dev.memlens.core.gpu.nvml.FakeNvml.Variant.FULL, 1);
        fake.control.fake_nvml_set_memory(0, 143771 * dev.memlens.core.units.Bytes.MIB,
                3 * dev.memlens.core.units.Bytes.GIB, 0, 0);
        env.put("MEMLENS_NVML_LIBRARY", fake.library.toString());
        Run run = execute(hf(), "--model", "cfg", "--random-weights", "--dtype", "bfloat16", "--batch-size", "4",
                "--input-len", "512", "--max-tokens", "128", "--source", "nvml");
        assertEquals(0, run.exit(), run.out() + run.err());
        ProfileReport r = ReportReader.read(output);
        assertEquals("NVML (" + fake.library + ", driver 580.159.04)", r.engine().samplerTool());
        assertEquals("Fake H200 0", r.gpus().devices().get(0).name());
        assertEquals(3 * dev.memlens.core.units.Bytes.GIB, r.gpus().devices().get(0).baselineUsedBytes());
    }

    @Test
    void anUnknownSourceIsBadUsageBeforeAnythingRuns() {
        Run run = execute(hf(), "--model", "cfg", "--random-weights", "--source", "cuda");
        assertEquals(2, run.exit(), run.out() + run.err());
        assertEquals("memlens hf: unknown GPU source 'cuda': use one of auto, nvml, nvidia-smi, amd-smi, rocm-smi, sysfs, prometheus"
                + "\nTry 'memlens hf --help' for the options.", run.err().strip()); // the usage-error contract
    }

    @Test
    void hfOutOfMemorySavesAFailedReportWithTheAdvice() throws Exception {
        env.put("MEMLENS_REPLAY_JSONL", Resources.path("hf/real-h100-llama32-1b-oom-b512-8192.jsonl").toString());
        env.put("MEMLENS_REPLAY_EXIT", "5");
        Run run = execute(hf(), "--model", "cfg", "--random-weights", "--batch-size", "512", "--input-len", "8192");
        assertEquals(1, run.exit(), run.out() + run.err());
        ProfileReport r = ReportReader.read(output);
        assertEquals(RunStatus.FAILED, r.status());
        assertEquals("oom", r.failures().get(0).label());
        assertTrue(run.out().contains("What to do: lower --batch-size"), run.out());
        assertEquals(2472678912L, r.account().bytes(AccountComponent.WEIGHTS), "what was measured is kept");
    }

    @Test
    void hfTimeoutCancelsAndLeavesNoProfilerBehind() throws Exception {
        Path pidFile = dir.resolve("python.pid");
        env.put("MEMLENS_REPLAY_HANG", "ignore-term");
        env.put("MEMLENS_PID_FILE", pidFile.toString());
        HfCommand command = hf();
        Run run = execute(command, "--model", "cfg", "--input-len", "8", "--timeout", "2");
        assertEquals(124, run.exit(), run.out() + run.err()); // --timeout has its own exit code
        assertEquals(RunStatus.CANCELLED, ReportReader.read(output).status());
        var handle = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()));
        assertTrue(handle.isEmpty() || !handle.get().isAlive(), "the profiler survived the timeout");
    }

    @Test
    void apiRunWritesACompleteReportWithStreamedLatency() throws Exception {
        try (StandInVllmServer server = new StandInVllmServer().requireApiKey("k-123").start()) {
            env.put("MY_VLLM_KEY", "k-123");
            Run run = execute(api(), "--api-url", server.baseUrl(), "--batch-size", "3", "--max-tokens", "8",
                    "--api-key-env", "MY_VLLM_KEY", "--config",
                    Resources.path("hf/llama-3.2-1b-config/config.json").toString());
            assertEquals(0, run.exit(), run.out() + run.err());
            ProfileReport r = ReportReader.read(output);
            assertEquals(RunMode.API, r.mode());
            assertEquals(RunStatus.COMPLETED, r.status());
            assertNotNull(r.latency().percentile("ttft_50"));
            assertEquals(FigureSource.VLLM_METRICS, r.account().item(AccountComponent.KV_CACHE).orElseThrow().source());
            assertEquals(3L, r.apiStats().succeededRequests() + r.apiStats().failedRequests(), "typed api_stats");
            assertTrue(Files.readString(output).contains("\"api_stats\""));
            assertFalse(Files.readString(output).contains("k-123"), "the API key is never written");
            assertFalse((run.out() + run.err()).contains("k-123"));
            assertBuiltInEstimateWithFormulas(r, "gpu_memory_utilization");
            assertBuiltInEstimateWithFormulas(ReportReader.read(output), "gpu_memory_utilization");
        }
    }

    @Test
    void apiKeyVariableThatIsNotSetIsAUsageError() {
        Run run = execute(api(), "--api-url", "http://127.0.0.1:9", "--api-key-env", "NOT_SET_ANYWHERE");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("NOT_SET_ANYWHERE is not set"), run.err());
    }

    @Test
    void apiAgainstADeadServerSavesAFailedReport() throws Exception {
        try (StandInVllmServer server = new StandInVllmServer()
                .failureMode(StandInVllmServer.FailureMode.HEALTH_UNAVAILABLE).start()) {
            Run run = execute(api(), "--api-url", server.baseUrl());
            assertEquals(1, run.exit(), run.out() + run.err());
            ProfileReport r = ReportReader.read(output);
            assertEquals(RunStatus.FAILED, r.status());
            assertEquals("api-unreachable", r.failures().get(0).label());
        }
    }

    @Test
    void dockerTransformersContainerWritesACompleteReport() throws Exception {
        Path replay = Files.createDirectories(dir.resolve("replay"));
        for (String name : List.of("ps.jsonl", "port-hf-worker.txt", "proc-hf-worker.txt")) {
            Files.copy(Resources.path("docker/replay/" + name), replay.resolve(name));
        }
        Files.createDirectories(replay.resolve("fs-hf-worker/model"));
        Files.copy(Resources.path("hf/llama-3.2-1b-config/config.json"), replay.resolve("fs-hf-worker/model/config.json"));
        env.put("DOCKER_REPLAY_DIR", replay.toString());
        env.put("DOCKER_CALL_LOG", dir.resolve("calls.log").toString());
        Run run = execute(docker(), "hf-worker", "--input-len", "512", "--batch-size", "4", "--max-tokens", "128");
        assertEquals(0, run.exit(), run.out() + run.err());
        ProfileReport r = ReportReader.read(output);
        assertEquals(RunMode.DOCKER, r.mode());
        assertEquals(2472678912L, r.account().bytes(AccountComponent.WEIGHTS));
        assertTrue(r.engine().profilerVersion().contains("container hf-worker"), r.engine().profilerVersion());
        // the model's path is inside the container: the estimate reads the config the profiler reported
        assertBuiltInEstimateWithFormulas(r, "tokens");
    }

    /** The CLI run attached the built-in estimate (core's, as the app's) with its formulas, and the report kept them. */
    private static void assertBuiltInEstimateWithFormulas(ProfileReport r, String kvFormulaWord) {
        assertNotNull(r.calculator(), "a " + r.mode() + " run whose model is known carries the built-in estimate");
        assertEquals(dev.memlens.core.compare.BuiltInEstimate.SOURCE, r.calculator().source());
        assertNotNull(r.calculator().components().get(MemoryComponent.WEIGHTS));
        String kv = r.calculator().formulas().get(MemoryComponent.KV_CACHE);
        assertNotNull(kv, r.calculator().formulas().toString());
        assertTrue(kv.contains(kvFormulaWord), kv);
        assertNotNull(r.calculator().totalFormula());
    }

    @Test
    void dockerWithAContainerThatIsNotRunningSavesAFailedReportListingTheRunningOnes() throws Exception {
        Path replay = Files.createDirectories(dir.resolve("replay"));
        Files.copy(Resources.path("docker/replay/ps.jsonl"), replay.resolve("ps.jsonl"));
        env.put("DOCKER_REPLAY_DIR", replay.toString());
        env.put("DOCKER_CALL_LOG", dir.resolve("calls.log").toString());
        Run run = execute(docker(), "gone");
        assertEquals(1, run.exit());
        ProfileReport r = ReportReader.read(output);
        assertEquals(RunStatus.FAILED, r.status());
        assertTrue(r.failures().get(0).message().contains("vllm-qwen"), r.failures().toString());
    }
}
