package dev.memlens.core.gpu;

import java.util.List;

/**
 * Serialises a sampler's calls into its sink (the reading thread and the per-process poller both report), and keeps a
 * sink's exception from killing the sampler thread.
 */
public final class SinkDispatcher {
    private final GpuSampleSink sink;
    private final Object lock = new Object();

    public SinkDispatcher(GpuSampleSink sink) {
        this.sink = sink;
    }

    public void sample(GpuSample sample) {
        synchronized (lock) {
            guard(() -> sink.onSample(sample));
        }
    }

    public void processes(long timestampMillis, List<GpuProcessSample> processes) {
        synchronized (lock) {
            guard(() -> sink.onProcesses(timestampMillis, processes));
        }
    }

    public void gap(GpuGap gap) {
        synchronized (lock) {
            guard(() -> sink.onGap(gap));
        }
    }

    public void error(GpuSamplerError error) {
        synchronized (lock) {
            guard(() -> sink.onError(error));
        }
    }

    public void warning(String message) {
        synchronized (lock) {
            guard(() -> sink.onWarning(message));
        }
    }

    private static void guard(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            Thread thread = Thread.currentThread();
            thread.getUncaughtExceptionHandler().uncaughtException(thread, e);
        }
    }
}
