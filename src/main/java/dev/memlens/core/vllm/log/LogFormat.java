package dev.memlens.core.vllm.log;

/** Which generation of vLLM wrote a start-up log, judged by the memory lines it contains. */
public enum LogFormat {
    /** Legacy V0 engine up to about v0.6.3: one "Memory profiling results: total_gpu_memory=..." line. */
    V0_PROFILING_RESULTS("v0-profiling-results"),
    /**
     * Legacy V0 engine, about v0.6.4 to v0.10: the multi-line "Memory profiling takes ... reserved for KV Cache is
     * X GiB" message (or the short-lived table "Memory profiling results:" of v0.6.5), "# GPU/CUDA blocks".
     */
    V0("v0"),
    /** V1 engine, v0.8 to newest: "Model loading took", "Available KV cache memory", "GPU KV cache size". */
    V1("v1"),
    /** No memory line of any known format was seen. */
    UNKNOWN("unknown");

    private final String tag;

    LogFormat(String tag) {
        this.tag = tag;
    }

    /** The name used in JSON output. */
    public String tag() {
        return tag;
    }
}
