package dev.memlens.core.vllm.log;

import java.util.Objects;

/**
 * A failure found in a start-up log.
 *
 * @param kind       what went wrong
 * @param message    vLLM's own message (log prefix removed)
 * @param advice     what the user can do, with the log's numbers where it gives them
 * @param rank       the tensor-parallel rank whose line reported it (0 for the engine or a single GPU)
 * @param lineNumber 1-based line of the log where it was found
 */
public record StartupFailure(FailureKind kind, String message, String advice, int rank, long lineNumber) {
    public StartupFailure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(advice, "advice");
    }
}
