package dev.memlens.core.gpu.trace;

/** A trace file cannot be read; the message names the file, says why, and what to do. */
public final class TraceException extends Exception {
    public TraceException(String message) {
        super(message);
    }

    public TraceException(String message, Throwable cause) {
        super(message, cause);
    }
}
