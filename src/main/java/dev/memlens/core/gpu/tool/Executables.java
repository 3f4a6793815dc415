package dev.memlens.core.gpu.tool;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Finds a program on the PATH of an explicit environment (not the JVM's), as the child would see it. */
public final class Executables {
    private Executables() {
    }

    public static Optional<Path> find(String name, Map<String, String> environment) {
        String path = environment.getOrDefault("PATH", "");
        boolean windows = File.pathSeparatorChar == ';';
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            for (String candidate : windows ? new String[] {name + ".exe", name} : new String[] {name}) {
                Path file = Path.of(dir, candidate);
                if (Files.isRegularFile(file) && Files.isExecutable(file)) {
                    return Optional.of(file.toAbsolutePath());
                }
            }
        }
        return Optional.empty();
    }
}
