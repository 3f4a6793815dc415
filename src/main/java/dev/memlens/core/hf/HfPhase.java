package dev.memlens.core.hf;

import java.util.Locale;
import java.util.Optional;

/** The profiler script's phases, in order. */
public enum HfPhase {
    /** before the model loads (CUDA initialised) */
    LOADING,
    /** weights on the GPU */
    WEIGHTS_LOADED,
    /** the prompt's forward pass done, first token out */
    PREFILL,
    /** generate() returned */
    GENERATED,
    /** model and tensors released, cache emptied */
    FREED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<HfPhase> fromWire(String name) {
        for (HfPhase phase : values()) {
            if (phase.wireName().equals(name)) {
                return Optional.of(phase);
            }
        }
        return Optional.empty();
    }
}
