package dev.memlens.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks that an output path can be written before any work starts, so that a typo fails fast with exit 2. */
final class OutputTargets {
    private OutputTargets() {
    }

    static void checkWritable(Path output, String flag) {
        Path absolute = output.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new IllegalArgumentException(flag + " " + output + " is a directory: name a file, e.g. "
                    + absolute.resolve("report.json"));
        }
        if (Files.exists(absolute) && !Files.isRegularFile(absolute)) {
            throw new IllegalArgumentException(flag + " " + output + " is not a regular file (a FIFO or device):"
                    + " name a file");
        }
        Path parent = absolute.getParent();
        Path existing = parent;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new IllegalArgumentException(flag + " " + output + ": the directory " + parent + " cannot be "
                    + "created or written; choose a writable place");
        }
    }
}
