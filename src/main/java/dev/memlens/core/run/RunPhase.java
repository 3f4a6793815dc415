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

    /** The human name, from {@link dev.memlens.core.report.HumanNames}: "KV allocation", "Warm-up". */
    public String label() {
        return dev.memlens.core.report.HumanNames.phase(tag());
    }
}
