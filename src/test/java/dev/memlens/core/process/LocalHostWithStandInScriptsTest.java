package dev.memlens.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.testsupport.StandInExecutables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalHostWithStandInScriptsTest {
    private static final Duration GENEROUS = Duration.ofSeconds(30);

    @TempDir
    Path temp;
    private StandInExecutables bin;
    private final Host runner = Host.local();

    @BeforeEach
    void installStandIns() {
        bin = new StandInExecutables(temp);
        bin.install("/process/chatty.sh", "chatty");
        bin.install("/process/spawner.sh", "spawner");
        bin.install("/process/stubborn.sh", "stubborn");
        bin.install("/process/echo-argv.sh", "vllm");
        bin.install("/process/progress.sh", "progress");
    }

    private ProcessSpec spec(String... command) {
        return ProcessSpec.of(command).withEnvironment(bin.environment());
    }

    @Test
    void drainsBothStreamsOfAChattyChildWithoutDeadlock() throws Exception {
        AtomicLong stdoutLines = new AtomicLong();
        AtomicLong stderrLines = new AtomicLong();
        ProcessResult result = runner.run(spec("chatty").withTailLines(3),
                (stream, line) -> (stream == StreamKind.STDOUT ? stdoutLines : stderrLines).incrementAndGet());
        assertTrue(result.succeeded(), result.message());
        assertEquals(40001, stdoutLines.get());
        assertEquals(40000, stderrLines.get());
        assertEquals(List.of("out line 39998 " + ".".repeat(96), "out line 39999 " + ".".repeat(96), "out done"),
                result.stdoutTail());
        assertEquals(3, result.stderrTail().size());
    }

    @Test
    void shellMetacharactersReachTheChildUnchanged() throws Exception {
        String model = "$(touch x); rm -rf / ; \"' `id` && echo pwned | cat > y * ~ \\ $HOME";
        Path workDir = Files.createDirectory(temp.resolve("work dir"));
        List<String> stdout = new CopyOnWriteArrayList<>();
        ProcessResult result = runner.run(spec("vllm", "bench", "latency", "--model", model, "")
                        .withWorkingDirectory(workDir).withEnvironment(Map.of("MEMLENS_TEST_VALUE", "a b;c")),
                (stream, line) -> stdout.add(line));
        assertTrue(result.succeeded(), result.message());
        assertEquals(List.of("ARG[bench]", "ARG[latency]", "ARG[--model]", "ARG[" + model + "]", "ARG[]",
                "CWD[" + workDir.toRealPath() + "]", "ENV[a b;c]"), stdout);
        try (var files = Files.list(workDir)) {
            assertEquals(0, files.count(), "nothing was executed by a shell");
        }
        assertFalse(Files.exists(temp.resolve("x")));
    }

    @Test
    void splitsCarriageReturnProgressAndReportsTheExitCodeWithTails() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        ProcessResult result = runner.run(spec("progress", "7"), (stream, line) -> lines.add(stream + ":" + line));
        assertEquals(ProcessOutcome.EXITED, result.outcome());
        assertEquals(7, result.exitCode());
        assertFalse(result.succeeded());
        assertEquals("progress exited with code 7", result.message());
        assertEquals(List.of("Warmup iterations:   0%|", "Warmup iterations:  50%|", "Warmup iterations: 100%|"),
                result.stdoutTail());
        assertEquals(List.of("fatal: something broke"), result.stderrTail());
        assertTrue(lines.contains("STDERR:fatal: something broke"));
    }

    @Test
    void cancelEndsTheWholeProcessTree() throws Exception {
        CountDownLatch ready = new CountDownLatch(1);
        ManagedProcess process = runner.start(spec("spawner"), (stream, line) -> {
            if (line.equals("ready")) {
                ready.countDown();
            }
        });
        assertTrue(ready.await(GENEROUS.toSeconds(), TimeUnit.SECONDS));
        ProcessHandle root = process.toHandle().orElseThrow();
        List<ProcessHandle> tree = awaitDescendants(root, 4);

        process.cancel();
        ProcessResult result = process.awaitResult(GENEROUS).orElseThrow();

        assertEquals(ProcessOutcome.CANCELLED, result.outcome());
        assertFalse(root.isAlive());
        for (ProcessHandle descendant : tree) {
            assertFalse(descendant.isAlive(), "descendant " + descendant.pid() + " survived the cancel");
        }
        assertTrue(result.message().contains("ended on SIGTERM"), result.message());
    }

    @Test
    void aChildThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
        CountDownLatch ready = new CountDownLatch(1);
        ManagedProcess process = runner.start(spec("stubborn").withCancelGrace(Duration.ofMillis(500)),
                (stream, line) -> ready.countDown());
        assertTrue(ready.await(GENEROUS.toSeconds(), TimeUnit.SECONDS));
        ProcessHandle root = process.toHandle().orElseThrow();
        List<ProcessHandle> tree = awaitDescendants(root, 1);

        process.cancel();
        ProcessResult result = process.awaitResult(GENEROUS).orElseThrow();

        assertEquals(ProcessOutcome.CANCELLED, result.outcome());
        assertTrue(result.message().contains("ignored SIGTERM for 0.5 s and were killed"), result.message());
        assertFalse(root.isAlive());
        tree.forEach(h -> assertFalse(h.isAlive(), "descendant " + h.pid() + " survived"));
    }

    @Test
    void aTimeoutEndsTheTreeAndSaysSo() throws Exception {
        ManagedProcess process = runner.start(spec("spawner").withTimeout(Duration.ofMillis(300)), OutputListener.NONE);
        ProcessResult result = process.awaitResult(GENEROUS).orElseThrow();
        assertEquals(ProcessOutcome.TIMED_OUT, result.outcome());
        assertTrue(result.message().startsWith("spawner timed out after 0.3 s"), result.message());
        assertFalse(process.toHandle().orElseThrow().isAlive());
    }

    @Test
    void aMissingProgramFailsToStartWithTheFix() throws Exception {
        ProcessResult result = runner.run(spec("vllm-missing").withInstallHint(
                "install vLLM (pip install vllm) or set the vLLM command to a Python interpreter with -m vllm.entrypoints.cli.main"),
                OutputListener.NONE);
        assertEquals(ProcessOutcome.FAILED_TO_START, result.outcome());
        assertEquals(-1, result.exitCode());
        assertEquals("vllm-missing not found on PATH: install vLLM (pip install vllm) or set the vLLM command to a "
                + "Python interpreter with -m vllm.entrypoints.cli.main", result.message());

        ProcessResult byPath = runner.run(ProcessSpec.of(temp.resolve("nope/python3").toString()), OutputListener.NONE);
        assertEquals(ProcessOutcome.FAILED_TO_START, byPath.outcome());
        assertTrue(byPath.message().startsWith("not found or not executable: " + temp.resolve("nope/python3")));
    }

    @Test
    void cancelAfterTheEndChangesNothing() throws Exception {
        ManagedProcess process = runner.start(spec("progress", "0"), OutputListener.NONE);
        ProcessResult result = process.awaitResult();
        process.cancel();
        assertEquals(ProcessOutcome.EXITED, process.awaitResult().outcome());
        assertTrue(result.succeeded());
    }

    private static List<ProcessHandle> awaitDescendants(ProcessHandle root, int count) throws InterruptedException {
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        List<ProcessHandle> tree = root.descendants().toList();
        while (tree.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20); // polling for a condition, not waiting on luck
            tree = root.descendants().toList();
        }
        assertTrue(tree.size() >= count, "expected " + count + " descendants, saw " + tree);
        return tree;
    }
}
