package dev.memlens.core.run.modes;

import dev.memlens.core.docker.CommandOutput;
import dev.memlens.core.docker.DockerClient;
import dev.memlens.core.docker.DockerException;
import dev.memlens.core.hf.HfProfileRequest;
import dev.memlens.core.hf.HfProfilerDriver;
import dev.memlens.core.run.RunContext;
import dev.memlens.core.process.ProcessSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the profiler script inside a container: copies it in, starts it with docker exec under a pid file, and on
 * cancel signals that pid inside the container (ending the local docker CLI does not end the process it started).
 */
final class DockerHfLauncher implements HfLauncher {
    static final String SCRIPT_IN_CONTAINER = "/tmp/memlens_hf_profile.py";
    /** Fixed text; every user value reaches the script as a positional argument, never inside this string. */
    static final String LAUNCH = "echo $$ > \"$1\"; shift; exec \"$@\"";
    static final String LAUNCH_NAME = "memlens-hf";
    private static final Duration PID_WAIT = Duration.ofSeconds(3);
    private static final Duration POLL = Duration.ofMillis(100);

    private final DockerClient docker;
    private final String container;
    private final String python;
    private final String pidFile;
    private final Duration grace;

    DockerHfLauncher(DockerClient docker, String container, String python, String runId, Duration grace) {
        this.docker = docker;
        this.container = container;
        this.python = python;
        this.pidFile = "/tmp/memlens-hf-" + runId + ".pid";
        this.grace = grace;
    }

    @Override
    public ProcessSpec prepare(RunContext context, HfProfileRequest request) throws IOException {
        Path script = HfProfilerDriver.extractScript(context.scratchDir().resolve("hf-docker"));
        docker.copyIn(script, container, SCRIPT_IN_CONTAINER);
        List<String> argv = new ArrayList<>(List.of("sh", "-c", LAUNCH, LAUNCH_NAME, pidFile));
        argv.addAll(new HfProfilerDriver(python).command(Path.of(SCRIPT_IN_CONTAINER), request));
        return docker.execSpec(container, argv).withCancelGrace(grace);
    }

    /** SIGTERM to the script inside, then SIGKILL after the grace period; blocks until it is gone or given up. */
    @Override
    public void cancelRemote() {
        try {
            String pid = readPid();
            if (pid == null) {
                return;
            }
            docker.exec(container, List.of("kill", "-TERM", pid));
            long deadline = System.nanoTime() + grace.toNanos();
            while (System.nanoTime() < deadline) {
                if (!alive(pid)) {
                    return;
                }
                Thread.sleep(POLL.toMillis());
            }
            docker.exec(container, List.of("kill", "-KILL", pid));
        } catch (DockerException e) {
            System.getLogger(DockerHfLauncher.class.getName()).log(System.Logger.Level.WARNING,
                    "could not end the profiler inside '" + container + "': " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String readPid() throws DockerException, InterruptedException {
        long deadline = System.nanoTime() + PID_WAIT.toNanos();
        do {
            CommandOutput output = docker.exec(container, List.of("cat", pidFile));
            if (output.exitCode() == 0 && !output.stdout().isEmpty() && output.stdout().get(0).strip().matches("\\d+")) {
                return output.stdout().get(0).strip();
            }
            Thread.sleep(POLL.toMillis());
        } while (System.nanoTime() < deadline);
        return null;
    }

    private boolean alive(String pid) throws DockerException {
        return docker.exec(container, List.of("kill", "-0", pid)).exitCode() == 0;
    }

    @Override
    public String where() {
        return "container " + container;
    }

    String pidFile() {
        return pidFile;
    }
}
