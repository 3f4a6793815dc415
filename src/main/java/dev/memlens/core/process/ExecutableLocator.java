package dev.memlens.core.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds a program the way a shell would, but on the CHILD's PATH: the JVM itself looks programs up on its
 * own PATH, which would ignore a PATH given in the environment overrides (and so any stand-in in tests).
 */
public final class ExecutableLocator {
    private ExecutableLocator() {
    }

    /**
     * @param program          a bare name ("vllm") or a path ("./bin/vllm", "/usr/bin/python3")
     * @param pathVariable     the PATH to search, may be null
     * @param workingDirectory where a relative path is resolved, may be null for the JVM's
     */
    public static Optional<Path> locate(String program, String pathVariable, Path workingDirectory) {
        if (program.contains("/")) {
            Path candidate = Path.of(program);
            if (!candidate.isAbsolute() && workingDirectory != null) {
                candidate = workingDirectory.resolve(candidate);
            }
            return isRunnable(candidate) ? Optional.of(candidate.toAbsolutePath()) : Optional.empty();
        }
        if (pathVariable == null) {
            return Optional.empty();
        }
        for (String directory : pathVariable.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory).resolve(program);
            if (isRunnable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    private static boolean isRunnable(Path candidate) {
        return Files.isRegularFile(candidate) && Files.isExecutable(candidate);
    }
}
