package dev.memlens.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.testsupport.StandInExecutables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stand-in docker's one "container" is this machine, so what ContainerHost does inside can be checked here. */
class ContainerHostWithStandInDockerTest {
    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @TempDir
    Path temp;
    private StandInExecutables bin;
    private Path callLog;
    private Path root;
    private ContainerHost container;

    private final List<ManagedProcess> started = new CopyOnWriteArrayList<>();

    /** A failed assertion must not leave its escaped sleepers behind. */
    @AfterEach
    void endEverythingStarted() {
        started.forEach(process -> Host.local().terminateTree(null, process.tag(), Duration.ofSeconds(1)));
    }

    @BeforeEach
    void setUp() throws IOException {
        bin = new StandInExecutables(temp);
        bin.install("/process/stand-in-docker-here.sh", "docker");
        bin.install("/process/escaper.sh", "escaper");
        callLog = temp.resolve("calls.log");
        root = Files.createDirectory(temp.resolve("container-root"));
        Map<String, String> environment = new HashMap<>(bin.environment());
        environment.put("DOCKER_CALL_LOG", callLog.toString());
        environment.put("DOCKER_ROOT", root.toString());
        container = new ContainerHost(Host.local(), "docker", environment, "vllm-qwen");
    }

    @Test
    void runsTheArgvInsideWithTheSpecsVariablesAndDirectory() throws Exception {
        Path work = Files.createDirectory(temp.resolve("work dir"));
        List<String> lines = new CopyOnWriteArrayList<>();
        ProcessResult result = container.run(ProcessSpec.of("sh", "-c", "pwd; echo \"$MODEL\"; echo \"$1\"", "sh",
                "a b; $(id)").withEnvironment(Map.of("MODEL", "Qwen/Qwen2.5-0.5B")).withWorkingDirectory(work),
                (stream, line) -> lines.add(line));

        assertTrue(result.succeeded(), result.message());
        assertEquals(List.of(work.toString(), "Qwen/Qwen2.5-0.5B", "a b; $(id)"), lines);
        String call = Files.readAllLines(callLog).get(0);
        assertTrue(call.startsWith("exec -e " + ProcessTree.TAG_VARIABLE + "="), call);
        assertTrue(call.contains(" -e MODEL=Qwen/Qwen2.5-0.5B -w " + work + " vllm-qwen sh -c "), call);
    }

    @Test
    void cancelEndsTheTreeInsideTheContainerByItsTag() throws Exception {
        CompletableFuture<Long> escapedPid = new CompletableFuture<>();
        ManagedProcess process = container.start(ProcessSpec.of("escaper").withEnvironment(bin.environment())
                .withCancelGrace(Duration.ofSeconds(5)), ProcessTreeWithStandInScriptsTest.escapedPidInto(escapedPid));
        started.add(process);
        long escaped = escapedPid.get(GENEROUS.toSeconds(), TimeUnit.SECONDS);
        assertEquals(List.of(escaped), container.taggedProcesses(process.tag()).stream()
                .filter(pid -> pid == escaped).toList());

        process.cancel();
        ProcessResult result = process.awaitResult(GENEROUS).orElseThrow();

        assertEquals(ProcessOutcome.CANCELLED, result.outcome());
        assertEquals(List.of(), container.taggedProcesses(process.tag()));
        assertTrue(result.message().contains("process(es) ended on SIGTERM"), result.message());
        // ended inside means signalled and gone from the listing; its reaping by init may lag behind
        ProcessHandle.of(escaped).ifPresent(handle -> handle.onExit().orTimeout(GENEROUS.toSeconds(), TimeUnit.SECONDS).join());
        String calls = Files.readString(callLog); // the script spans lines in the log
        assertTrue(calls.contains("\nexec vllm-qwen sh -c tag=") && calls.contains(" memlens-tree " + process.tag()
                + " end 50\n"), "the tree was ended inside: " + calls);
    }

    @Test
    void copiesAFileInAndResolvesAProgramInside() throws Exception {
        Path script = Files.writeString(temp.resolve("profile.py"), "print('hi')\n");
        container.copyFile(script, "/tmp/memlens_hf_profile.py");
        assertEquals("print('hi')\n", Files.readString(root.resolve("tmp/memlens_hf_profile.py")));

        assertEquals(Optional.of(bin.directory().resolve("escaper").toString()),
                container.resolveExecutable("escaper", bin.environment()));
        assertEquals(Optional.empty(), container.resolveExecutable("no-such-program", bin.environment()));
    }

    @Test
    void aFailedCopyNamesTheFileAndTheContainer() {
        IOException error = assertThrows(IOException.class,
                () -> container.copyFile(temp.resolve("missing.py"), "/tmp/x.py"));
        assertTrue(error.getMessage().startsWith("Could not copy " + temp.resolve("missing.py")
                + " into container 'vllm-qwen' at /tmp/x.py: docker exited with code 1"), error.getMessage());
    }
}
