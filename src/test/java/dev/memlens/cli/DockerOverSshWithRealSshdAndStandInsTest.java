package dev.memlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.report.AccountComponent;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunMode;
import dev.memlens.core.report.RunStatus;
import dev.memlens.core.report.json.ReportReader;
import dev.memlens.core.run.SessionOutcome;
import dev.memlens.core.run.modes.DockerConfig;
import dev.memlens.core.run.modes.DockerWorkload;
import dev.memlens.core.ssh.SshHost;
import dev.memlens.core.ssh.SshTarget;
import dev.memlens.testsupport.HostProcesses;
import dev.memlens.testsupport.RealSshd;
import dev.memlens.testsupport.RemoteSessions;
import dev.memlens.testsupport.StandInExecutables;
import dev.memlens.testsupport.StandInVllmServer;
import dev.memlens.testutil.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker --host}: a real sshd on 127.0.0.1 whose sessions find the local docker tests' stand-in docker (its
 * replayed ps/port/proc files and its container file system kept on the host) and the stand-in nvidia-smi and
 * profiler Python first on PATH. This machine's PATH has none of them: the docker CLI must run on the host.
 */
class DockerOverSshWithRealSshdAndStandInsTest {
    @TempDir
    static Path dir;
    static RealSshd sshd;
    static Path replay;
    static Path calls;
    static final Map<String, String> LOCAL = RemoteRunsWithRealSshdAndStandInsTest.LOCAL;

    @BeforeAll
    static void start() throws Exception {
        StandInExecutables bin = new StandInExecutables(dir.resolve("host"));
        bin.install("/gpu/standins/nvidia-smi", "nvidia-smi");
        bin.install("/modes/stand-in-docker.sh", "docker");
        // the stand-in docker runs "python*" programs as the container would; not "python3": the host user's shell
        // rc may put a real Python first on PATH
        bin.install("/modes/stand-in-python.sh", "python-standin");
        bin.write("python-hang", "MEMLENS_REPLAY_HANG=ignore-term exec python-standin \"$@\"\n");
        replay = Files.createDirectories(dir.resolve("replay"));
        for (String name : List.of("ps.jsonl", "port-hf-worker.txt", "proc-hf-worker.txt")) {
            Files.copy(Resources.path("docker/replay/" + name), replay.resolve(name));
        }
        Files.createDirectories(replay.resolve("fs-hf-worker/model"));
        Files.copy(Resources.path("hf/llama-3.2-1b-config/config.json"),
                replay.resolve("fs-hf-worker/model/config.json"));
        calls = dir.resolve("docker-calls.log");
        sshd = RealSshd.start(dir.resolve("sshd"), dir.resolve("host/stand-in-bin"), Map.of(
                "STANDIN_STATE", Files.createDirectories(dir.resolve("host-state")).toString(),
                "DOCKER_REPLAY_DIR", replay.toString(),
                "DOCKER_CALL_LOG", calls.toString(),
                "MEMLENS_REPLAY_JSONL", Resources.path("hf/real-h100-llama32-1b-bf16-b4-512-128.jsonl").toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (sshd != null) {
            sshd.close();
        }
    }

    @Test
    void dockerRunsTheHostsDockerAndTheReportNamesTheHost(@TempDir Path tmp) throws Exception {
        DockerCommand command = new DockerCommand();
        Path output = tmp.resolve("report.json");
        RemoteRunsWithRealSshdAndStandInsTest.Run r = RemoteRunsWithRealSshdAndStandInsTest.execute(
                RemoteRunsWithRealSshdAndStandInsTest.local(command, command.run, tmp.resolve("home")),
                RemoteRunsWithRealSshdAndStandInsTest.remote(sshd.config(), tmp.resolve("runs"), output, "hf-worker",
                        "--input-len", "512", "--batch-size", "4", "--max-tokens", "128", "--python",
                        "python-standin").toArray(String[]::new));
        assertEquals(0, r.exit(), r.out() + r.err());
        ProfileReport report = ReportReader.read(output);
        assertEquals(RunStatus.COMPLETED, report.status());
        assertEquals(RunMode.DOCKER, report.mode());
        assertEquals("gpu-box", report.parameters().other().get("host"));
        assertEquals(2472678912L, report.account().bytes(AccountComponent.WEIGHTS));
        assertTrue(report.engine().profilerVersion().contains("container hf-worker"),
                report.engine().profilerVersion());
        assertEquals(2, report.timeline().size(), "the host's two GPUs were sampled");
        List<String> dockerCalls = Files.readAllLines(calls);
        assertTrue(dockerCalls.stream().anyMatch(c -> c.matches("exec .*hf-worker python-standin -u /tmp/\\S+\\.py .*")),
                "the profiler ran inside the container through the host's docker: " + dockerCalls);
        assertTrue(dockerCalls.stream().anyMatch(c -> c.matches("cp \\S+ hf-worker:/tmp/\\S+\\.py")),
                "the profiler script went from the host into the container: " + dockerCalls);
    }

    @Test
    void aVllmContainersPublishedPortOnTheHostIsReachedThroughAForward(@TempDir Path tmp) throws Exception {
        try (StandInVllmServer server = new StandInVllmServer().start()) {
            // docker on the host publishes the container's 8000 on the host's port, where the stand-in server listens
            Files.writeString(replay.resolve("port-vllm-qwen.txt"), "8000/tcp -> 0.0.0.0:" + server.port() + "\n");
            Files.copy(Resources.path("docker/replay/ps-args-vllm-qwen.txt"), replay.resolve("ps-args-vllm-qwen.txt"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            DockerCommand command = new DockerCommand();
            Path output = tmp.resolve("report.json");
            RemoteRunsWithRealSshdAndStandInsTest.Run r = RemoteRunsWithRealSshdAndStandInsTest.execute(
                    RemoteRunsWithRealSshdAndStandInsTest.local(command, command.run, tmp.resolve("home")),
                    RemoteRunsWithRealSshdAndStandInsTest.remote(sshd.config(), tmp.resolve("runs"), output,
                            "vllm-qwen", "--batch-size", "2", "--max-tokens", "4").toArray(String[]::new));
            assertEquals(0, r.exit(), r.out() + r.err());
            ProfileReport report = ReportReader.read(output);
            java.util.regex.Matcher forwarded = java.util.regex.Pattern.compile("via http://127\\.0\\.0\\.1:(\\d+) "
                    + "\\(http://127\\.0\\.0\\.1:" + server.port() + " on host gpu-box, forwarded; ")
                    .matcher(report.engine().profilerVersion());
            assertTrue(forwarded.find(), report.engine().profilerVersion());
            assertTrue(!forwarded.group(1).equals(Integer.toString(server.port())), "a local port of its own");
            assertEquals(2, server.completionRequests().size(), "the requests went through the forward");
            assertEquals(RunStatus.COMPLETED, report.status());
            assertEquals(RunMode.DOCKER, report.mode());
            assertEquals("gpu-box", report.parameters().other().get("host"));
        }
    }

    @Test
    void cancelLeavesNothingRunningOnTheHostAndStillSavesTheReport(@TempDir Path tmp) throws Exception {
        // a profiler inside the "container" that ignores SIGTERM, started detached from the docker CLI as docker does
        DockerConfig config = new DockerConfig("hf-worker", "docker", 8000, null, null, 128, 4, "auto", 512, false,
                false, null, null, "python-hang", Duration.ofSeconds(1));
        Path containerTmp = replay.resolve("fs-hf-worker/tmp");
        try (Stream<Path> files = Files.isDirectory(containerTmp) ? Files.list(containerTmp) : Stream.empty()) {
            for (Path old : files.filter(p -> p.getFileName().toString().startsWith("standin-exec-")).toList()) {
                Files.delete(old); // an earlier run's
            }
        }
        long pid;
        SessionOutcome result;
        try (SshHost host = SshHost.connect(SshTarget.parse(RealSshd.ALIAS), sshd.config(), LOCAL)) {
            RemoteSessions session = RemoteSessions.start(host, new DockerWorkload(config), tmp.resolve("runs"));
            // the stand-in docker writes the profiler's pid before the profiler starts: cancel once it is there
            RemoteSessions.await("the profiler's start in the container", () -> pidFile(containerTmp).isPresent());
            Optional<Path> pidFile = pidFile(containerTmp);
            pid = Long.parseLong(Files.readString(pidFile.get()).strip());
            assertTrue(HostProcesses.running(pid));
            result = session.cancel();
        }
        assertEquals(RunStatus.CANCELLED, result.report().status());
        assertTrue(result.savedTo() != null && Files.exists(result.savedTo()), "the report is saved");
        assertEquals("gpu-box", result.report().parameters().other().get("host"));
        assertTrue(result.report().statusMessage().endsWith("; checked over a new ssh connection: nothing of the"
                + " run is left running on host gpu-box"), result.report().statusMessage());
        assertFalse(HostProcesses.running(pid), "the profiler inside the container survived the cancel");
        assertEquals(List.of(), sshd.ssh("ps -e -o stat=,args= | grep -v '^Z' | grep -F -e '" + dir.resolve("host")
                + "' -e '" + replay + "' | grep -v grep || true"), "nothing of the run (stand-in docker, profiler) is left on the host");
    }

    private static Optional<Path> pidFile(Path containerTmp) {
        if (!Files.isDirectory(containerTmp)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(containerTmp)) {
            return files.filter(p -> p.getFileName().toString().matches("standin-exec-\\d+\\.pid")).findFirst();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }
}
