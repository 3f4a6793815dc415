package dev.memlens.core.vllm.log;

/** The byte figures a start-up log gives per tensor-parallel rank. */
public enum MemoryKind {
    /** "Model loading took X GiB" / "model weights take X GiB": torch allocations of the weights. */
    WEIGHTS,
    /** Rise of torch's peak allocation during the profiling forward pass. */
    ACTIVATION_PEAK,
    /** Non-torch memory growth during profiling (NCCL, cuBLAS workspaces...). */
    NON_TORCH,
    /** The KV cache pool: "Available KV cache memory" (V1) or "reserved for KV Cache" (V0). */
    KV_CACHE,
    /** Measured CUDA graph memory: "Graph capturing finished ..., took X GiB" or the pool's actual size. */
    CUDA_GRAPH,
    /** vLLM's estimate of CUDA graph memory before capture (v0.19+). */
    CUDA_GRAPH_ESTIMATE,
    /** Total device memory as vLLM saw it. */
    TOTAL_GPU_MEMORY,
    /** v0.2x after PR #47374: "consumed memory (weights + non-torch)"; non-torch is this minus the weights. */
    WEIGHTS_PLUS_NON_TORCH,
    /** V0 up to 0.6.3 only: the torch peak including weights ("peak_torch_memory"). */
    PEAK_TORCH
}
