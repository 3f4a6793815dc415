package dev.memlens.core.gpu;

import java.util.List;

/**
 * Samples GPU memory continuously into a {@link GpuSampleSink}. Create one with {@link GpuSamplers#detect}.
 * Neither {@link #start} nor {@link #stop} blocks for long: reading happens on named daemon threads, and stop kills
 * the tool's process tree within a bounded time.
 */
public interface GpuSampler extends AutoCloseable {
    /** The tool in use, e.g. "nvidia-smi (/usr/bin/nvidia-smi)". */
    String description();

    /**
     * Takes one reading of the selected GPUs now (a one-shot tool call, bounded by a timeout): the baseline before a
     * run. Also used to check the tool works before {@link #start}.
     */
    List<GpuSample> baseline() throws GpuSamplerException;

    /** Starts sampling into the sink; returns at once. A sampler starts once. */
    void start(GpuSampleSink sink);

    /** Stops sampling, kills the tool's processes and returns within a few seconds at most. Idempotent. */
    void stop();

    @Override
    default void close() {
        stop();
    }
}
