package dev.memlens.core.run.process;

import java.util.concurrent.ExecutionException;

/**
 * Starts external programs as {@link ManagedProcess}es. Stateless and thread-safe; one instance can be shared.
 */
public final class ProcessRunner {

    /**
     * Starts the program and returns at once. Never throws for a program that cannot start: the returned
     * process is then already finished with {@link ProcessOutcome#FAILED_TO_START} and a message naming
     * the program and the fix.
     */
    public ManagedProcess start(ProcessSpec spec, OutputListener listener) {
        return ManagedProcess.start(spec, listener);
    }

    /** Starts the program and waits for the end of its run (or its timeout). */
    public ProcessResult run(ProcessSpec spec, OutputListener listener) throws InterruptedException {
        ManagedProcess process = start(spec, listener);
        try {
            return process.awaitResult();
        } catch (InterruptedException e) {
            process.cancel();
            throw e;
        }
    }

    static ProcessResult join(java.util.concurrent.CompletableFuture<ProcessResult> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("process supervision failed", e.getCause());
        }
    }
}
