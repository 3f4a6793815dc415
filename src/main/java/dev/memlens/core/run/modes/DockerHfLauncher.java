package dev.memlens.core.run.modes;

import dev.memlens.core.docker.DockerClient;
import dev.memlens.core.hf.HfProfileRequest;
import dev.memlens.core.hf.HfProfilerDriver;
import dev.memlens.core.process.Host;
import dev.memlens.core.process.ProcessSpec;
import dev.memlens.core.run.RunContext;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs the profiler script inside a container: copies it in and runs it on the container's {@link Host}, whose tree
 * kill ends the script inside the container (ending the local docker CLI alone would not).
 */
final class DockerHfLauncher implements HfLauncher {
    static final String SCRIPT_IN_CONTAINER = "/tmp/memlens_hf_profile.py";

    private final DockerClient docker;
    private final String container;
    private final String python;
    private final Duration grace;

    DockerHfLauncher(DockerClient docker, String container, String python, Duration grace) {
        this.docker = docker;
        this.container = container;
        this.python = python;
        this.grace = grace;
    }

    @Override
    public ProcessSpec prepare(RunContext context, HfProfileRequest request) throws IOException {
        Path script = HfProfilerDriver.extractScript(context.scratchDir().resolve("hf-docker"));
        docker.copyIn(script, container, SCRIPT_IN_CONTAINER);
        return new HfProfilerDriver(python).processSpec(Path.of(SCRIPT_IN_CONTAINER), request).withCancelGrace(grace);
    }

    @Override
    public Host host(RunContext context) {
        return docker.host(container);
    }

    @Override
    public String where() {
        return "container " + container;
    }
}
