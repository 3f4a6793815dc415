package dev.memlens.core.hf;

import java.util.Locale;

/** Why the profiler script failed, as its error line says. */
public enum HfFailureKind {
    OOM, MISSING_MODULE, NO_CUDA, MODEL_NOT_FOUND, NO_TOKENIZER, BAD_ARGUMENT, EXCEPTION,
    /** the process died without an error line (killed, segfault, unknown kind) */
    UNKNOWN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static HfFailureKind fromWire(String kind) {
        for (HfFailureKind value : values()) {
            if (value.wireName().equals(kind)) {
                return value;
            }
        }
        return UNKNOWN;
    }
}
