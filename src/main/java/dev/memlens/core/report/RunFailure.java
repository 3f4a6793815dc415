package dev.memlens.core.report;

import java.util.Objects;

/**
 * A recognised failure of the run with the advice shown to the user; {@code code} is the engine's own diagnosis
 * ("cuda-oom-during-load") or null.
 */
public record RunFailure(FailureKind kind, String code, String message, String advice) {
    public RunFailure {
        Objects.requireNonNull(kind, "kind");
    }

    public RunFailure(FailureKind kind, String message, String advice) {
        this(kind, null, message, advice);
    }

    /** The most specific name: the engine's code when there is one, else the kind. */
    public String label() {
        return code != null ? code : kind.tag();
    }
}
