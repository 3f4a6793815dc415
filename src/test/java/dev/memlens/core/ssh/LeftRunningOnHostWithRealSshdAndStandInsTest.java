package dev.memlens.core.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.report.FailureKind;
import dev.memlens.core.report.RunFailure;
import dev.memlens.core.report.RunStatus;
import dev.memlens.core.report.json.ReportReader;
import dev.memlens.core.run.SessionOutcome;
import dev.memlens.core.run.bench.BenchConfig;
import dev.memlens.core.run.bench.BenchWorkload;
import dev.memlens.testsupport.HostProcesses;
import dev.memlens.testsupport.RealSshd;
import dev.memlens.testsupport.RemoteSessions;
import dev.memlens.testsupport.StandInExecutables;
import dev.memlens.testutil.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host MemLens cannot reach when it ends the run: its sshd allows one session per connection (MaxSessions 1, so the
 * kill cannot go over the multiplexed connection while the engine holds it) and stops taking new connections mid-run
 * (restarted, or a network that drops them), and the stand-in vLLM ignores SIGTERM. The report must say the host could
 * not be checked and give the command that ends what is left; a later check, once the host answers, must list the
 * engine's pids, and that command, run as the user would, must end them.
 */
class LeftRunningOnHostWithRealSshdAndStandInsTest {
    @TempDir
    static Path dir;
    static RealSshd sshd;
    static Path hostState;
    static final Map<String, String> LOCAL = RemoteSessions.LOCAL;

    @BeforeAll
    static void start() throws Exception {
        StandInExecutables bin = new StandInExecutables(dir.resolve("host"));
        bin.install("/run/bench/stand-in-vllm.sh", "vllm");
        bin.write("vllm-stubborn", "STANDIN_VLLM_MODE=stubborn exec vllm \"$@\"\n");
        hostState = Files.createDirectories(dir.resolve("host-state"));
        sshd = RealSshd.start(dir.resolve("sshd"), dir.resolve("host/stand-in-bin"), Map.of(
                "STANDIN_STATE", hostState.toString(),
                "STANDIN_VLLM_DIR", Resources.path("run/bench").toString(),
                "STANDIN_VLLM_PIDS", hostState.resolve("vllm-pids").toString()), List.of("MaxSessions 1"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (sshd != null) {
            sshd.close();
        }
    }

    private static int lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    @Test
    void anEngineTheKillCouldNotReachIsAFailureWithItsPidsAndTheCommandThatEndsIt(@TempDir Path tmp)
            throws Exception {
        Path pidFile = hostState.resolve("vllm-pids");
        BenchConfig config = new BenchConfig(List.of("vllm-stubborn"), "m", 8, 8, 1, "auto", 1, null, null, false,
                false, 10, 30, null, null, false, List.of());
        SessionOutcome result;
        try (SshHost host = SshHost.connect(SshTarget.parse(RealSshd.ALIAS), sshd.config(), LOCAL)) {
            RemoteSessions session = RemoteSessions.start(host, new BenchWorkload(config), tmp.resolve("runs"));
            RemoteSessions.await("the stand-in vllm's start on the host (it writes its pids there)",
                    () -> lines(pidFile) >= 2);
            sshd.stopListening();
            result = session.cancel();

            assertEquals(RunStatus.CANCELLED, result.report().status());
            RunFailure left = result.report().failures().stream()
                    .filter(f -> f.kind() == FailureKind.LEFT_RUNNING).findFirst()
                    .orElseThrow(() -> new AssertionError(result.report().statusMessage() + " "
                            + result.report().failures() + "\n" + sshd.log()));
            assertTrue(left.message().startsWith("could not check host gpu-box for processes of the run left running"
                    + " (gpu-box is unreachable"), left.message());
            String prefix = "They may hold GPU memory: end them with ssh -F " + sshd.config() + " gpu-box \"grep -lzx -e "
                    + "MEMLENS_PROCESS_TAG=";
            assertTrue(left.advice().startsWith(prefix), left.advice());
            assertEquals(left, ReportReader.read(result.savedTo()).failures().stream()
                    .filter(f -> f.kind() == FailureKind.LEFT_RUNNING).findFirst().orElseThrow(), "saved as shown");
            List<Long> engine = Files.readAllLines(pidFile).stream().map(String::strip).map(Long::valueOf).toList();
            for (long pid : engine) {
                // the sshd log says how many connections the run made: the engine must have run on the master's
                assertTrue(HostProcesses.running(pid), "the kill could not reach the host, so " + pid + " still runs ("
                        + engine + "); sshd's log:\n" + sshd.log());
            }

            // the host answers again: the next check lists the engine's processes
            sshd.listenAgain();
            dev.memlens.core.process.EndCheck check = host.checkEndedTrees();
            assertTrue(check.pids().containsAll(engine), check + " " + engine);
            assertTrue(check.describe().contains("still run on host gpu-box"), check.describe());
            assertEquals(left.advice(), "They may hold GPU memory: end them with " + check.killCommand());

            // the advised command, run as the user would (its last argument is the remote command line), ends them
            String command = check.killCommand();
            int quote = command.indexOf('"');
            List<String> argv = new java.util.ArrayList<>(Arrays.asList(command.substring(0, quote).strip().split(" ")));
            argv.add(command.substring(quote + 1, command.length() - 1));
            Process kill = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String killOutput = new String(kill.getInputStream().readAllBytes());
            assertEquals(0, kill.waitFor(), command + ": " + killOutput);
            for (long pid : engine) {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (HostProcesses.running(pid)) {
                    assertTrue(System.nanoTime() < until, pid + " survived " + command);
                    Thread.sleep(50);
                }
            }
            assertTrue(host.checkEndedTrees().checked() == false, "a check that found processes is not repeated");
        }
        assertNotNull(result.savedTo());
    }
}
