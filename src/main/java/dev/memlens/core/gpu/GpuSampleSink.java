package dev.memlens.core.gpu;

import java.util.List;

/**
 * Receives what a {@link GpuSampler} or a trace replay produces. A sampler calls its sink from its own (daemon)
 * threads, one call at a time; implementations must be quick and must not block (hand work to another thread).
 */
public interface GpuSampleSink {
    /** One GPU's sample. A tick of a multi-GPU tool gives one call per GPU with the same timestamp. */
    void onSample(GpuSample sample);

    /** The processes holding GPU memory at one moment (possibly none). */
    default void onProcesses(long timestampMillis, List<GpuProcessSample> processes) {
    }

    /** Samples are missing for a while (tool restarted). */
    default void onGap(GpuGap gap) {
    }

    /** The tool failed; when {@link GpuSamplerError#fatal()} is true no more samples will come. */
    default void onError(GpuSamplerError error) {
    }

    /** Something the user should know that does not stop sampling (a fallback, a skipped line). */
    default void onWarning(String message) {
    }
}
