package dev.memlens.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Installs stand-in executables (shell scripts kept under src/test/resources) into a test's temp directory
 * and gives the PATH to hand to the child process. The test JVM's own environment is never changed.
 *
 * <pre>
 * StandInExecutables bin = new StandInExecutables(tempDir);
 * bin.install("/process/echo-argv.sh", "vllm");        // now "vllm" on bin.path() runs the script
 * spec.withEnvironment(bin.environment());
 * </pre>
 */
public final class StandInExecutables {
    private final Path directory;

    public StandInExecutables(Path tempDirectory) {
        this.directory = tempDirectory.resolve("stand-in-bin");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the classpath resource to {@code name} in the stand-in directory, executable; returns its path. */
    public Path install(String resource, String name) {
        Path target = directory.resolve(name);
        try (InputStream in = StandInExecutables.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!target.toFile().setExecutable(true)) {
            throw new IllegalStateException("cannot make " + target + " executable");
        }
        return target;
    }

    /** Writes a script with this body (a #!/bin/sh line is added) as {@code name}; returns its path. */
    public Path write(String name, String body) {
        Path target = directory.resolve(name);
        try {
            Files.writeString(target, "#!/bin/sh\n" + body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        target.toFile().setExecutable(true);
        return target;
    }

    public Path directory() {
        return directory;
    }

    /** The stand-in directory first, then the system directories the scripts themselves need. */
    public String path() {
        return directory + ":/usr/local/bin:/usr/bin:/bin";
    }

    /** Environment overrides that put the stand-ins first on PATH. */
    public Map<String, String> environment() {
        return Map.of("PATH", path());
    }
}
