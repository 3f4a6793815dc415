package dev.memlens.core.run;

import java.util.Locale;

/** The phases of a profiling run, shown as bands on the timeline and as the progress label. */
public enum RunPhase {
    STARTING, BASELINE, LOADING, PROFILING, KV_ALLOCATION, CUDA_GRAPHS, WARMUP, MEASURING, GENERATING, REQUESTS,
    FINISHING, DONE;

    /** The name written into reports' phase marks, e.g. "kv-allocation". */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String label() {
        return switch (this) {
            case KV_ALLOCATION -> "KV allocation";
            case CUDA_GRAPHS -> "CUDA graphs";
            case WARMUP -> "Warm-up";
            default -> name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }
}
