package dev.memlens.core.report;

/** Where a memory figure came from; the UI and the reports show it next to the number. */
public enum FigureSource {
    /** Printed by vLLM itself at start-up: exact. */
    VLLM_LOG("vllm-log"),
    /** vLLM's Prometheus /metrics (cache_config_info, kv_cache_usage_perc). */
    VLLM_METRICS("vllm-metrics"),
    /** torch.cuda allocator counters: exact. */
    TORCH_ALLOCATOR("torch-allocator"),
    /** The bytes of torch tensors themselves (the KV cache generate returned). */
    TORCH_TENSORS("torch-tensors"),
    /** nvidia-smi / amd-smi samples: exact for the whole device. */
    GPU_SAMPLER("gpu-sampler"),
    /** Derived with the model's config.json (bytes per KV token, block bytes). */
    CONFIG("config"),
    /** Computed from the model's architecture: never a measurement. */
    FORMULA("formula"),
    /** What is left of a measured total after the other components. */
    RESIDUAL("residual"),
    /** Entered by the user or read from an older report without a source. */
    REPORTED("reported");

    private final String tag;

    FigureSource(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    public static FigureSource fromTag(String tag) {
        for (FigureSource s : values()) {
            if (s.tag.equalsIgnoreCase(tag)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown figure source '" + tag + "'");
    }
}
