package dev.memlens.core.run.modes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.report.AccountComponent;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.run.GpuFigures;
import dev.memlens.core.run.ReportParts;
import dev.memlens.core.run.WorkloadFailedException;
import dev.memlens.testsupport.HostProcesses;
import dev.memlens.testsupport.StandInExecutables;
import dev.memlens.testsupport.StandInVllmServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

class DockerWorkloadWithStandInDockerTest {
    private static final long GB = 1_000_000_000L;
    private static final List<String> REPLAY_FILES = List.of("ps.jsonl", "port-vllm-qwen.txt", "port-vllm-hostnet.txt",
            "port-hf-worker.txt", "ps-args-vllm-qwen.txt", "ps-args-vllm-hostnet.txt", "proc-hf-worker.txt");
    @TempDir
    Path temp;
    private Path replay;
    private Path callLog;
    private StandInExecutables bin;

    @BeforeEach
    void setUp() throws IOException {
        bin = new StandInExecutables(temp);
        bin.install("/modes/stand-in-docker.sh", "docker");
        bin.install("/modes/stand-in-python.sh", "python3");
        replay = Files.createDirectories(temp.resolve("replay"));
        for (String name : REPLAY_FILES) {
            copy("/docker/replay/" + name, replay.resolve(name));
        }
        copy("/hf/llama-3.2-1b-config/config.json", Files.createDirectories(replay.resolve("fs-hf-worker/model"))
                .resolve("config.json"));
        callLog = temp.resolve("docker-calls.log");
    }

    private void copy(String resource, Path target) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            Files.copy(in, target);
        }
    }

    /** Adds a running container to the replayed `docker ps`, with its `docker port` and `ps -eo args` output. */
    private void addContainer(String name, String networks, String portLines, String processes) throws IOException {
        Files.writeString(replay.resolve("ps.jsonl"), "{\"ID\":\"" + name + "0000aaaa\",\"Names\":\"" + name
                + "\",\"Image\":\"vllm/vllm-openai:test\",\"Status\":\"Up 1 minute\",\"State\":\"running\",\"Ports\":\"\","
                + "\"Command\":\"vllm serve\",\"Networks\":\"" + networks + "\"}\n", StandardOpenOption.APPEND);
        Files.writeString(replay.resolve("port-" + name + ".txt"), portLines);
        Files.writeString(replay.resolve("ps-args-" + name + ".txt"), processes);
    }

    private RecordingRunContext context(Map<String, String> extra) throws IOException {
        Map<String, String> env = new HashMap<>(bin.environment());
        env.put("DOCKER_REPLAY_DIR", replay.toString());
        env.put("DOCKER_CALL_LOG", callLog.toString());
        env.putAll(extra);
        return new RecordingRunContext(env, Files.createDirectories(temp.resolve("scratch")));
    }

    private static DockerConfig config(String container) {
        return new DockerConfig(container, null, 8000, null, null, 8, 2, "bfloat16", 512, true, false, null, null, null,
                Duration.ofSeconds(1));
    }

    private List<String> calls() throws IOException {
        return Files.exists(callLog) ? Files.readAllLines(callLog) : List.of();
    }

    @Test
    void vllmContainerIsProfiledThroughItsMappedHostPort() throws Exception {
        try (StandInVllmServer server = new StandInVllmServer().start()) {
            addContainer("vllm-test", "bridge", "8000/tcp -> 0.0.0.0:" + server.port() + "\n8000/tcp -> [::]:"
                    + server.port() + "\n", "PID ARGS\n/usr/bin/python3 -m vllm.entrypoints.openai.api_server\n");
            DockerWorkload workload = new DockerWorkload(config("vllm-test"));
            RecordingRunContext context = context(Map.of());

            workload.run(context);
            ReportParts parts = new ReportParts();
            workload.contribute(parts, new GpuFigures(List.of(40 * GB), List.of(41 * GB)));

            assertEquals("vllm", workload.detectedFramework());
            assertEquals(2, server.completionRequests().size());
            assertEquals("docker", workload.mode());
            assertTrue(parts.engine().profilerVersion().contains("in container vllm-test via http://127.0.0.1:"
                    + server.port()), parts.engine().profilerVersion());
            assertEquals(41 * GB, parts.account().totalBytes());
            assertTrue(parts.failures().isEmpty());
        }
    }

    @Test
    void aContainerThatIsNotRunningListsTheRunningOnes() throws Exception {
        DockerWorkload workload = new DockerWorkload(config("nope"));
        WorkloadFailedException e = assertThrows(WorkloadFailedException.class, () -> workload.run(context(Map.of())));
        assertTrue(e.getMessage().contains("vllm-qwen") && e.getMessage().contains("hf-worker"), e.getMessage());
        ReportParts parts = new ReportParts();
        workload.contribute(parts, GpuFigures.none());
        assertEquals("container-not-running", parts.failures().get(0).label());
    }

    @Test
    void anUnpublishedApiPortFailsWithTheFixInsteadOfAnEmptyPort() throws Exception {
        addContainer("vllm-hidden", "bridge", "", "PID ARGS\nvllm serve /models/x\n");
        DockerWorkload workload = new DockerWorkload(config("vllm-hidden"));
        WorkloadFailedException e = assertThrows(WorkloadFailedException.class, () -> workload.run(context(Map.of())));
        assertTrue(e.getMessage().contains("-p 8000:8000"), e.getMessage());
        assertFalse(e.getMessage().contains("localhost: "), e.getMessage());
        ReportParts parts = new ReportParts();
        workload.contribute(parts, GpuFigures.none());
        assertEquals("api-port-not-published", parts.failures().get(0).label());
    }

    @Test
    void transformersContainerRunsTheScriptInsideAndGivesTheAllocatorBreakdown() throws Exception {
        Path events = temp.resolve("events.jsonl");
        copy("/hf/real-h100-llama32-1b-bf16-b4-512-128.jsonl", events);
        DockerWorkload workload = new DockerWorkload(config("hf-worker"));
        RecordingRunContext context = context(Map.of("MEMLENS_REPLAY_JSONL", events.toString()));

        workload.run(context);
        ReportParts parts = new ReportParts();
        workload.contribute(parts, new GpuFigures(List.of(GB), List.of(GB + 3_600_000_000L)));

        assertEquals("transformers", workload.detectedFramework());
        assertTrue(calls().stream().anyMatch(c -> c.startsWith("cp ") && c.endsWith("hf-worker:/tmp/memlens_hf_profile.py")),
                calls().toString());
        assertTrue(context.logLines.contains("stderr: ARG[/model]"), "the detected model path reaches the script");
        assertEquals(2472678912L, parts.account().bytes(AccountComponent.WEIGHTS));
        assertEquals(3_600_000_000L - 2708151808L, parts.account().calculatorComponents().get(MemoryComponent.FRAMEWORK_OVERHEAD));
        assertTrue(parts.engine().profilerVersion().contains("container hf-worker"), parts.engine().profilerVersion());
        assertTrue(parts.failures().isEmpty(), parts.failures().toString());
    }

    @Test
    void cancelEndsTheProfilerInsideTheContainerNotJustTheDockerCli() throws Exception {
        Path events = temp.resolve("events.jsonl");
        copy("/hf/real-h100-llama32-1b-bf16-b4-512-128.jsonl", events);
        DockerWorkload workload = new DockerWorkload(config("hf-worker"));
        RecordingRunContext context = context(Map.of("MEMLENS_REPLAY_JSONL", events.toString(),
                "MEMLENS_REPLAY_HANG", "ignore-term"));
        context.awaitedText = "stand-in python hanging";
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
            try {
                workload.run(context);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(context.sawAwaitedLine.await(20, TimeUnit.SECONDS), "the profiler never started: " + context.logLines);
        long pid;
        try (Stream<Path> files = Files.list(replay.resolve("fs-hf-worker/tmp"))) {
            Path pidFile = files.filter(p -> p.getFileName().toString().endsWith(".pid")).findFirst().orElseThrow();
            pid = Long.parseLong(Files.readString(pidFile).strip());
        }
        assertTrue(HostProcesses.running(pid));

        workload.cancel();
        run.get(40, TimeUnit.SECONDS);

        assertFalse(HostProcesses.running(pid), "the profiler inside the container survived");
        List<String> calls = calls();
        assertTrue(calls.stream().anyMatch(call -> call.matches(".* memlens-tree \\S+ end \\d+")),
                "the container host's tree kill ended it: " + calls);
        assertTrue(calls.stream().noneMatch(call -> call.startsWith("exec hf-worker kill")), "no kill of its own: " + calls);
    }
}
