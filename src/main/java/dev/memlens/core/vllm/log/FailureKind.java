package dev.memlens.core.vllm.log;

/** Start-up failures MemLens recognises in a vLLM log, each with user-facing advice. */
public enum FailureKind {
    CUDA_OOM_DURING_LOAD("cuda-oom-during-load"),
    CUDA_OOM_DURING_PROFILING("cuda-oom-during-profiling"),
    CUDA_OOM("cuda-oom"),
    MODEL_LOAD_NOT_ENOUGH_MEMORY("model-load-not-enough-memory"),
    NO_KV_CACHE_MEMORY("no-kv-cache-memory"),
    MAX_MODEL_LEN_TOO_LONG("max-model-len-too-long"),
    FREE_MEMORY_BELOW_UTILIZATION("free-memory-below-utilization");

    private final String tag;

    FailureKind(String tag) {
        this.tag = tag;
    }

    /** The name used in JSON output. */
    public String tag() {
        return tag;
    }
}
