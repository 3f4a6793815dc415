package dev.memlens.core.report;

/**
 * What kind of problem a {@link RunFailure} is. The engine's own diagnosis (vLLM's "cuda-oom-during-load", the
 * profiler's "oom") is kept as the failure's {@code code}.
 */
public enum FailureKind {
    /** The run could not be set up (bad arguments, missing model, no port). */
    SETUP("setup"),
    /** The engine reported a failure MemLens recognised (out of memory, no KV cache memory...). */
    ENGINE("engine"),
    /** The workload ended badly without a recognised cause. */
    WORKLOAD("workload"),
    /** The profiler process died (a crash, a signal). */
    CRASH("crash"),
    GPU_SAMPLER("gpu-sampler"),
    GPU_BASELINE("gpu-baseline"),
    NO_GPU_TOOL("no-gpu-tool"),
    MISSING_PYTHON("missing-python"),
    /** Processes of the run still ran on a remote host after MemLens ended them (the message has their pids). */
    LEFT_RUNNING("left-running");

    private final String tag;

    FailureKind(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    /** Reads a saved kind; an engine's own code from older reports reads as {@link #ENGINE}. */
    public static FailureKind fromTag(String tag) {
        for (FailureKind k : values()) {
            if (k.tag.equalsIgnoreCase(tag)) {
                return k;
            }
        }
        return ENGINE;
    }
}
