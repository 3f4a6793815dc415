package dev.memlens.core.io;

import dev.memlens.core.secrets.RedactingWriter;
import dev.memlens.core.secrets.Redactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file through a temp file in the same directory and an atomic move, so a reader (or a crash)
 * never sees half a report.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Something that writes the whole content to a stream. */
    @FunctionalInterface
    public interface ContentWriter {
        void writeTo(Writer out) throws IOException;
    }

    public static void write(Path target, byte[] content) throws IOException {
        writeWith(target, tmp -> Files.write(tmp, content));
    }

    /** Text files (reports, exports, settings) pass the {@link Redactor}: no secret reaches the disk. */
    public static void writeString(Path target, String content) throws IOException {
        write(target, Redactor.redact(content).getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #writeString}, streamed: the content passes the {@link Redactor} line by line. */
    public static void write(Path target, ContentWriter writer) throws IOException {
        writeWith(target, tmp -> {
            try (Writer out = new RedactingWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8))) {
                writer.writeTo(out);
            }
        });
    }

    private interface TempFiller {
        void fill(Path tmp) throws IOException;
    }

    private static void writeWith(Path target, TempFiller filler) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        try {
            filler.fill(tmp);
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** For lambdas that cannot throw checked exceptions. */
    public static void writeStringUnchecked(Path target, String content) {
        try {
            writeString(target, content);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
        }
    }
}
