package dev.memlens.core.vllm.log;

/** The KV cache capacity figures of a start-up log (counts, not bytes). */
public enum KvCapacityKind {
    /** "GPU KV cache size: N tokens". */
    TOKENS,
    /** "# GPU blocks: N" (V0), the num_gpu_blocks of cache_config_info or an override (V1). */
    GPU_BLOCKS,
    /** "Maximum concurrency for L tokens per request: Cx": the C. */
    MAX_CONCURRENCY,
    /** The L of the same line: the max model length the concurrency is computed for. */
    MAX_MODEL_LEN
}
