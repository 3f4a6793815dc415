package dev.memlens.core.process;

/**
 * Receives a child's output line by line, on the stream's drain thread (one thread per stream, so
 * stdout and stderr lines may arrive concurrently). Lines are split on {@code \n}, {@code \r\n} and a
 * lone {@code \r}, so each tqdm progress redraw arrives as its own line. Must not block for long.
 */
@FunctionalInterface
public interface OutputListener {
    void onLine(StreamKind stream, String line);

    /** A line passed the spec's bound and was skipped; reading goes on with the next line. */
    default void onLineTooLong(StreamKind stream, LineTooLongException error) {
    }

    OutputListener NONE = (stream, line) -> { };
}
