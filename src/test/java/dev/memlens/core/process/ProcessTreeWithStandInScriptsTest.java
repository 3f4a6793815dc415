package dev.memlens.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.testsupport.StandInExecutables;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessTreeWithStandInScriptsTest {
    /** A guard against a hang, never a speed expectation. */
    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @TempDir
    Path temp;
    private StandInExecutables bin;

    private final List<ManagedProcess> started = new CopyOnWriteArrayList<>();

    /** A failed assertion must not leave its escaped sleepers behind. */
    @AfterEach
    void endEverythingStarted() {
        started.forEach(process -> Host.local().terminateTree(null, process.tag(), Duration.ofSeconds(1)));
    }

    @BeforeEach
    void installStandIns() {
        bin = new StandInExecutables(temp);
        bin.install("/process/escaper.sh", "escaper");
        bin.install("/process/crasher.sh", "crasher");
    }

    /** Completes with the pid an escaped grandchild prints ("escaped PID"). */
    static OutputListener escapedPidInto(CompletableFuture<Long> escapedPid) {
        return (stream, line) -> {
            if (line.startsWith("escaped ")) {
                escapedPid.complete(Long.parseLong(line.substring("escaped ".length())));
            }
        };
    }

    private ManagedProcess startEscaper(CompletableFuture<Long> escapedPid) {
        ManagedProcess process = Host.local().start(ProcessSpec.of("escaper").withEnvironment(bin.environment())
                .withCancelGrace(Duration.ofSeconds(5)), escapedPidInto(escapedPid));
        started.add(process);
        return process;
    }

    @Test
    void cancelEndsAGrandchildThatCalledSetsidAndLostItsParent() throws Exception {
        CompletableFuture<Long> escapedPid = new CompletableFuture<>();
        ManagedProcess process = startEscaper(escapedPid);
        ProcessHandle escaped = ProcessHandle.of(escapedPid.get(GENEROUS.toSeconds(), TimeUnit.SECONDS)).orElseThrow();
        ProcessHandle root = process.toHandle().orElseThrow();
        assertFalse(root.descendants().anyMatch(h -> h.pid() == escaped.pid()),
                "the grandchild must have escaped the parent links for this test to mean anything");

        process.cancel();
        ProcessResult result = process.awaitResult(GENEROUS).orElseThrow();

        assertEquals(ProcessOutcome.CANCELLED, result.outcome());
        assertFalse(escaped.isAlive(), "the setsid() grandchild survived the cancel");
        assertTrue(result.message().contains("2 process(es) ended on SIGTERM"), result.message());
    }

    @Test
    void survivorsOfARunWhoseOwnerDiedAreFoundByTagAndEnded() throws Exception {
        CompletableFuture<Long> escapedPid = new CompletableFuture<>();
        ManagedProcess process = startEscaper(escapedPid);
        long escaped = escapedPid.get(GENEROUS.toSeconds(), TimeUnit.SECONDS);
        ProcessHandle root = process.toHandle().orElseThrow();
        root.destroyForcibly(); // only the root dies, as when vllm itself crashes
        root.onExit().get(GENEROUS.toSeconds(), TimeUnit.SECONDS);

        assertEquals(List.of(escaped), Host.local().taggedProcesses(process.tag()));
        TreeEnd end = Host.local().terminateTree(null, process.tag(), Duration.ofSeconds(5));

        assertEquals(1, end.processes());
        assertEquals(List.of(), Host.local().taggedProcesses(process.tag()));
        assertFalse(ProcessHandle.of(escaped).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void whenTheProgramExitsByItselfWhatIsLeftOfItsTreeIsEnded() throws Exception {
        CompletableFuture<Long> escapedPid = new CompletableFuture<>();
        ManagedProcess process = Host.local().start(ProcessSpec.of("crasher", temp.toString())
                .withEnvironment(bin.environment()).withTreeEndedOnExit(), escapedPidInto(escapedPid));
        started.add(process);
        ProcessResult result = process.awaitResult(GENEROUS).orElseThrow();

        assertEquals(ProcessOutcome.EXITED, result.outcome());
        assertEquals(3, result.exitCode());
        assertEquals("crasher exited with code 3; 1 process(es) of its tree were still running and were ended",
                result.message());
        long escaped = escapedPid.get(GENEROUS.toSeconds(), TimeUnit.SECONDS);
        assertFalse(ProcessHandle.of(escaped).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void withoutTheOptionAnExitLeavesTheTreeAlone() throws Exception {
        CompletableFuture<Long> escapedPid = new CompletableFuture<>();
        ManagedProcess process = Host.local().start(ProcessSpec.of("crasher", temp.toString())
                .withEnvironment(bin.environment()), escapedPidInto(escapedPid));
        started.add(process);
        long escaped = escapedPid.get(GENEROUS.toSeconds(), TimeUnit.SECONDS);
        process.toHandle().orElseThrow().onExit().get(GENEROUS.toSeconds(), TimeUnit.SECONDS);
        assertEquals(List.of(escaped), Host.local().taggedProcesses(process.tag()));
    }

    @Test
    void anOverlongLineIsReportedAndSkippedAndReadingGoesOn() throws Exception {
        bin.write("long-line", "printf 'first\\n'; head -c 5000000 /dev/zero | tr '\\000' x; printf '\\nafter\\n'\n");
        List<String> lines = new CopyOnWriteArrayList<>();
        List<LineTooLongException> errors = new CopyOnWriteArrayList<>();
        ProcessResult result = Host.local().run(ProcessSpec.of("long-line").withEnvironment(bin.environment())
                .withMaxLineChars(1000), new OutputListener() {
                    @Override
                    public void onLine(StreamKind stream, String line) {
                        lines.add(line);
                    }

                    @Override
                    public void onLineTooLong(StreamKind stream, LineTooLongException error) {
                        errors.add(error);
                    }
                });

        assertTrue(result.succeeded(), result.message());
        assertEquals(List.of("first", "after"), lines);
        assertEquals(1, errors.size());
        assertEquals(2, errors.get(0).lineNumber());
        assertEquals(List.of("first", "[memlens: line 2 is longer than 1000 characters; the rest of it was skipped]",
                "after"), result.stdoutTail());
    }

    @Test
    void withOnlyEnvironmentTheChildSeesNothingOfTheJvmsEnvironment() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        ProcessResult result = Host.local().run(ProcessSpec.of("/usr/bin/env")
                .withOnlyEnvironment(Map.of("PATH", "/usr/bin:/bin", "ONLY_THIS", "1")), (stream, line) -> lines.add(line));

        assertTrue(result.succeeded(), result.message());
        Set<String> names = lines.stream().map(line -> line.substring(0, line.indexOf('='))).collect(Collectors.toSet());
        assertEquals(Set.of("PATH", "ONLY_THIS", ProcessTree.TAG_VARIABLE), names);
    }

    @Test
    void stderrMergedKeepsTheOrderTheChildWroteIn() throws Exception {
        bin.write("both", "echo one; echo two >&2; echo three\n");
        List<String> lines = new CopyOnWriteArrayList<>();
        ProcessResult result = Host.local().run(ProcessSpec.of("both").withEnvironment(bin.environment())
                .withStderrMerged(), (stream, line) -> lines.add(stream + ":" + line));
        assertTrue(result.succeeded(), result.message());
        assertEquals(List.of("STDOUT:one", "STDOUT:two", "STDOUT:three"), lines);
    }

    @Test
    void anIdentityFindsItsProcessOnlyWithTheSameStartTime() {
        ProcessIdentity self = ProcessIdentity.of(ProcessHandle.current()).orElseThrow();
        assertEquals(ProcessHandle.current().pid(), self.findLive().orElseThrow().pid());
        ProcessIdentity reused = new ProcessIdentity(self.pid(), self.startedAt().minusSeconds(3600));
        assertTrue(reused.findLive().isEmpty(), "a pid whose start time differs is another process");
        assertTrue(new ProcessIdentity(Long.MAX_VALUE, Instant.EPOCH).findLive().isEmpty());
    }
}
