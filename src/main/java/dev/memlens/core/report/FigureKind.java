package dev.memlens.core.report;

import java.util.Locale;

/** What a figure of the memory account is: read, computed from what was read, left over, or not known at all. */
public enum FigureKind {
    /** Read from vLLM's log or /metrics, the torch allocator, torch tensors or the GPU sampler. */
    MEASURED,
    /** Computed from measured figures, e.g. KV tokens × bytes per token from the model's config.json. */
    DERIVED,
    /** What is left of a measured whole after the other parts. */
    RESIDUAL,
    /** Not measured: no bytes, never shown as 0. */
    UNKNOWN;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FigureKind fromTag(String tag) {
        try {
            return valueOf(tag.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown kind '" + tag + "'");
        }
    }
}
