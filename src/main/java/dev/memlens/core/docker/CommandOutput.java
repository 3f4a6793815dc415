package dev.memlens.core.docker;

import java.util.List;

/** The whole output of a short docker command that exited. */
public record CommandOutput(int exitCode, List<String> stdout, List<String> stderr) {
    public CommandOutput {
        stdout = List.copyOf(stdout);
        stderr = List.copyOf(stderr);
    }
}
