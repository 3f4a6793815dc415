package dev.memlens.core.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens the files a user hands to a reader (a report, a trace, a log) safely: only regular files (a FIFO, a device
 * or a directory would block or make no sense, so they are refused before anything opens them), only up to a size
 * bound where the whole file is read, and every problem is one line naming the file and what to do.
 */
public final class InputFiles {
    private InputFiles() {
    }

    /** A file that cannot be read as input; the message is the whole one-line explanation. */
    public static final class UnreadableInputException extends IOException {
        public UnreadableInputException(String message) {
            super(message);
        }

        public UnreadableInputException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Why {@code file} cannot be read as {@code what} (e.g. "report"), or empty when it is a readable regular file.
     * Never opens the file, so it cannot block on a FIFO.
     */
    public static Optional<String> problem(Path file, String what) {
        if (!Files.exists(file)) {
            return Optional.of("the " + what + " " + file + " does not exist: check the path");
        }
        if (Files.isDirectory(file)) {
            return Optional.of(file + " is a directory, not a " + what + " file: give the path of the file in it");
        }
        if (!Files.isRegularFile(file)) {
            return Optional.of(file + " is not a regular file (a FIFO, socket or device): MemLens reads a " + what
                    + " only from a file; save the output to a file first (e.g. ... > " + what + ".txt)");
        }
        if (!Files.isReadable(file)) {
            return Optional.of("the " + what + " " + file + " is not readable: check its permissions (chmod u+r)");
        }
        return Optional.empty();
    }

    /** Throws {@link UnreadableInputException} unless {@code file} is a readable regular file. */
    public static void checkReadable(Path file, String what) throws UnreadableInputException {
        Optional<String> problem = problem(file, what);
        if (problem.isPresent()) {
            throw new UnreadableInputException(problem.get());
        }
    }

    /** The whole file as UTF-8 text (invalid bytes are an error), refused when it is larger than {@code maxBytes}. */
    public static String readText(Path file, String what, long maxBytes) throws UnreadableInputException {
        checkReadable(file, what);
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new UnreadableInputException(file + " is " + Sizes.mib(size) + ", more than a " + what
                        + " can be (" + Sizes.mib(maxBytes) + "): is it the right file?");
            }
            CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length > maxBytes) {
                throw new UnreadableInputException(file + " grew past " + Sizes.mib(maxBytes) + " while it was read");
            }
            return strict.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new UnreadableInputException(file + " is not UTF-8 text: give the " + what + " file itself", e);
        } catch (IOException e) {
            throw describe(file, what, e);
        }
    }

    /** A streaming UTF-8 reader (invalid bytes become U+FFFD) of a checked regular file. */
    public static BufferedReader openText(Path file, String what) throws UnreadableInputException {
        checkReadable(file, what);
        try {
            CharsetDecoder lenient = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
            return new BufferedReader(new InputStreamReader(Files.newInputStream(file), lenient), 1 << 16);
        } catch (IOException e) {
            throw describe(file, what, e);
        }
    }

    private static UnreadableInputException describe(Path file, String what, IOException e) {
        if (e instanceof UnreadableInputException u) {
            return u;
        }
        if (e instanceof NoSuchFileException) {
            return new UnreadableInputException("the " + what + " " + file + " does not exist: check the path", e);
        }
        if (e instanceof AccessDeniedException) {
            return new UnreadableInputException("the " + what + " " + file + " is not readable: check its permissions", e);
        }
        return new UnreadableInputException("could not read the " + what + " " + file + ": " + e.getMessage(), e);
    }

    /** Sizes for the messages. */
    private static final class Sizes {
        private Sizes() {
        }

        static String mib(long bytes) {
            return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
        }
    }
}
