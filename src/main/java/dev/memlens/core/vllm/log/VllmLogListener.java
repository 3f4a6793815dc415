package dev.memlens.core.vllm.log;

import dev.memlens.core.vllm.ProgressEvent;

/**
 * Events of {@link VllmLogParser} as lines are recognised, on the thread that calls
 * {@link VllmLogParser#accept(String)}. Every method has an empty default.
 */
public interface VllmLogListener {
    default void onVersion(String vllmVersion) {
    }

    default void onEngineConfig(EngineConfig config) {
    }

    /** A byte figure of one rank; a later line may refine the same figure (e.g. DEBUG summary after INFO). */
    default void onMemoryFigure(int rank, MemoryKind kind, long bytes) {
    }

    /** A KV capacity figure; {@link KvCapacityKind#MAX_CONCURRENCY} is fractional, the others whole numbers. */
    default void onKvCapacity(int rank, KvCapacityKind kind, double value) {
    }

    /** The gpu_memory_utilization fraction a rank reported. */
    default void onGpuMemoryUtilization(int rank, double fraction) {
    }

    default void onFailure(StartupFailure failure) {
    }

    /** tqdm progress: weight loading, CUDA graph capture, warm-up/bench iterations. */
    default void onProgress(ProgressEvent progress) {
    }
}
