package dev.memlens.core.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What this machine actually starts for a spec on some host: the spec itself for the local host, a {@code docker
 * exec} or {@code ssh} client for another. The environment is complete (nothing is inherited on top of it).
 */
public record LocalCommand(List<String> argv, Map<String, String> environment, Path workingDirectory) {
    public LocalCommand {
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
    }
}
