package dev.memlens.core.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.process.ManagedProcess;
import dev.memlens.core.process.OutputListener;
import dev.memlens.core.process.ProcessOutcome;
import dev.memlens.core.process.ProcessResult;
import dev.memlens.core.process.ProcessSpec;
import dev.memlens.core.process.StreamKind;
import dev.memlens.testsupport.HostProcesses;
import dev.memlens.testsupport.RealSshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SSH host against a real sshd on 127.0.0.1: runs, cancels, a lost connection and the connection errors. */
class SshHostWithRealSshdTest {
    @TempDir
    static Path dir;
    static RealSshd sshd;
    static Path tools;

    @BeforeAll
    static void start() throws Exception {
        tools = Files.createDirectories(dir.resolve("tools"));
        // a stand-in engine: a process tree (a child that stays) that prints a pid line and keeps going
        Path stubborn = tools.resolve("stand-in-stubborn-engine");
        Files.writeString(stubborn, String.join("\n", "#!/bin/sh", "trap '' TERM",
                "( trap '' TERM; while :; do sleep 0.2; done ) &",
                "echo \"engine pid $$ child $! pgid $(ps -o pgid= -p $$ | tr -d ' ') tag $MEMLENS_PROCESS_TAG"
                        + " path-has-standins $(command -v stand-in-engine)\"",
                "while :; do sleep 0.2; done", ""));
        Files.setPosixFilePermissions(stubborn, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path engine = tools.resolve("stand-in-engine");
        Files.writeString(engine, String.join("\n", "#!/bin/sh",
                "sleep 300 &",
                "echo \"engine pid $$ child $! pgid $(ps -o pgid= -p $$ | tr -d ' ') tag $MEMLENS_PROCESS_TAG"
                        + " path-has-standins $(command -v stand-in-engine)\"",
                "while :; do sleep 0.2; echo tick; done", ""));
        Files.setPosixFilePermissions(engine, PosixFilePermissions.fromString("rwxr-xr-x"));
        sshd = RealSshd.start(dir.resolve("sshd"), tools);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sshd != null) {
            sshd.close();
        }
    }

    static SshHost connect(Path config) throws SshException {
        return SshHost.connect(SshTarget.parse(RealSshd.ALIAS), config, System.getenv());
    }

    @Test
    void runsAProgramOnTheHostWithArgumentsUnchanged() throws Exception {
        try (SshHost host = connect(sshd.config())) {
            ProcessResult r = host.run(ProcessSpec.of("printf", "%s|", "two words", "it's", "$HOME")
                    .withEnvironment(Map.of("CUDA_VISIBLE_DEVICES", "1", "PATH", "/local/only")), OutputListener.NONE);
            assertTrue(r.succeeded(), r.toString());
            assertEquals(List.of("two words|it's|$HOME|"), r.stdoutTail());
            ProcessResult env = host.run(ProcessSpec.of("sh", "-c", "echo $CUDA_VISIBLE_DEVICES:$PATH")
                    .withEnvironment(Map.of("CUDA_VISIBLE_DEVICES", "1", "PATH", "/local/only")), OutputListener.NONE);
            assertTrue(env.stdoutTail().get(0).startsWith("1:"), env.toString());
            assertFalse(env.stdoutTail().get(0).contains("/local/only"), "this machine's PATH stays here");
            assertTrue(host.resolveExecutable("stand-in-engine", Map.of()).orElseThrow().startsWith(tools.toString()));
        }
    }

    @Test
    void aMissingToolNamesTheHost() throws Exception {
        try (SshHost host = connect(sshd.config())) {
            ProcessResult r = host.run(ProcessSpec.of("nvidia-smi-not-here").withInstallHint("install the driver"),
                    OutputListener.NONE);
            assertEquals(ProcessOutcome.FAILED_TO_START, r.outcome());
            assertTrue(r.message().contains("nvidia-smi-not-here is not installed on gpu-box"), r.message());
            assertTrue(r.message().contains("install the driver"), r.message());
        }
    }

    @Test
    void cancelEndsTheWholeRemoteTreeAndLeavesNothing() throws Exception {
        try (SshHost host = connect(sshd.config())) {
            Started started = startEngine(host);
            started.process.cancel();
            ProcessResult r = started.process.awaitResult();
            assertEquals(ProcessOutcome.CANCELLED, r.outcome());
            assertNothingLeft(host, started);
        }
    }

    @Test
    void cancelKillsWhatIgnoresSigterm() throws Exception {
        try (SshHost host = connect(sshd.config())) {
            Started started = startEngine(host, "stand-in-stubborn-engine");
            started.process.cancel();
            ProcessResult r = started.process.awaitResult();
            assertEquals(ProcessOutcome.CANCELLED, r.outcome());
            assertTrue(r.message().contains("ignored SIGTERM"), r.message());
            assertNothingLeft(host, started);
        }
    }

    @Test
    void aLostConnectionEndsTheRemoteTree() throws Exception {
        try (SshHost host = connect(sshd.config())) {
            Started started = startEngine(host);
            long master = host.masterPid().orElseThrow();
            ProcessHandle.of(master).orElseThrow().destroyForcibly(); // the connection drops
            ProcessResult r = started.process.awaitResult();
            assertEquals(ProcessOutcome.EXITED, r.outcome());
            assertEquals(255, r.exitCode());
            assertNothingLeft(host, started);
        }
    }

    @Test
    void connectionErrorsNameTheCause() throws Exception {
        SshException unknown = assertThrows(SshException.class, () -> connect(sshd.configUnknownHostKey()));
        assertEquals(SshException.Kind.HOST_KEY_UNKNOWN, unknown.kind(), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("never accepts one silently: run 'ssh -F "
                + sshd.configUnknownHostKey() + " gpu-box' once"), unknown.getMessage());

        SshException refused = assertThrows(SshException.class, () -> connect(sshd.configRefusedKey()));
        assertEquals(SshException.Kind.AUTH_REFUSED, refused.kind(), refused.getMessage());
        assertTrue(refused.getMessage().contains("ssh-add"), refused.getMessage());

        SshException unreachable = assertThrows(SshException.class, () -> SshHost.connect(
                SshTarget.parse("127.0.0.1:1"), sshd.config(), System.getenv()));
        assertEquals(SshException.Kind.UNREACHABLE, unreachable.kind(), unreachable.getMessage());
        assertTrue(unreachable.getMessage().contains("Connection refused"), unreachable.getMessage());
    }

    record Started(ManagedProcess process, long pid, long child, long pgid, String tag) {
    }

    static Started startEngine(SshHost host) throws Exception {
        return startEngine(host, "stand-in-engine");
    }

    static Started startEngine(SshHost host, String program) throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        CountDownLatch announced = new CountDownLatch(1);
        ManagedProcess process = host.start(ProcessSpec.of(program).withCancelGrace(Duration.ofSeconds(2)),
                (StreamKind stream, String line) -> {
                    lines.add(line);
                    if (line.startsWith("engine pid")) {
                        announced.countDown();
                    }
                });
        assertTrue(announced.await(60, TimeUnit.SECONDS), "the engine started: " + lines + " "
                + process.stderrTail());
        String[] words = lines.stream().filter(l -> l.startsWith("engine pid")).findFirst().orElseThrow().split(" ");
        assertEquals(process.tag(), words[8], "the tag reached the remote program");
        assertTrue(words[10].startsWith(tools.toString()), "SetEnv PATH put the stand-ins first");
        long pid = Long.parseLong(words[2]);
        assertTrue(ProcessHandle.of(pid).isPresent(), "running on the host");
        return new Started(process, pid, Long.parseLong(words[4]), Long.parseLong(words[6]), process.tag());
    }

    /** Neither the engine, its child, nor anything of its group or tag is left on the host. */
    static void assertNothingLeft(SshHost host, Started started) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (alive(started) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertFalse(HostProcesses.running(started.pid), "the engine is gone");
        assertFalse(HostProcesses.running(started.child), "its child is gone");
        assertEquals(List.of(), sshd.ssh("ps -e -o pgid=,pid=,stat=,args= | awk '$1==" + started.pgid
                + " && $3 !~ /^Z/'"), "nothing of its group runs (zombies run nothing)");
        assertEquals(List.of(), host.taggedProcesses(started.tag), "nothing carries its tag");
    }

    private static boolean alive(Started started) {
        return HostProcesses.running(started.pid) || HostProcesses.running(started.child);
    }
}
