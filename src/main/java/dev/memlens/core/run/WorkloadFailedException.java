package dev.memlens.core.run;

/** The workload failed; the message says what happened and what to do. */
public final class WorkloadFailedException extends Exception {
    public WorkloadFailedException(String message) {
        super(message);
    }

    public WorkloadFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
