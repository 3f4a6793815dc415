package dev.memlens.core.gpu;

import dev.memlens.core.process.ProgramThreads;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Samples by reading a snapshot every interval, for tools without a cheap loop mode (amd-smi's watch mode is broken
 * in several ROCm releases; rocm-smi has none) and for sysfs. Each read is bounded by the source (tool timeout); a
 * read that fails is retried next interval and the gap is reported; failures in a row beyond the limit, or a driver
 * error, stop sampling with one error.
 */
public final class PollingGpuSampler implements GpuSampler {
    /** One reading of all GPUs; implementations bound their own time and throw user-worded exceptions. */
    @FunctionalInterface
    public interface SnapshotSource {
        List<GpuSample> read(long timestampMillis) throws GpuSamplerException;
    }

    private final String description;
    private final SnapshotSource source;
    private final GpuSamplerOptions options;
    private final GpuSelection selection;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running;
    private Thread thread;

    public PollingGpuSampler(String description, SnapshotSource source, GpuSamplerOptions options,
                             GpuSelection selection) {
        this.description = description;
        this.source = source;
        this.options = options;
        this.selection = selection;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<GpuSample> baseline() throws GpuSamplerException {
        List<GpuSample> samples = readSelected(System.currentTimeMillis());
        if (samples.isEmpty()) {
            throw new GpuSamplerException(GpuSamplerError.Kind.NO_DEVICES, description + " listed no GPU matching "
                    + selection + ": check the selection");
        }
        return samples;
    }

    @Override
    public synchronized void start(GpuSampleSink sink) {
        if (thread != null || stopped.getCount() == 0) {
            throw new IllegalStateException("a GpuSampler starts once and not after stop(); create a new one");
        }
        running = true;
        SinkDispatcher dispatcher = new SinkDispatcher(sink);
        thread = ProgramThreads.start("memlens-gpu-poller", () -> pollLoop(dispatcher), e -> dispatcher.error(
                new GpuSamplerError(System.currentTimeMillis(), GpuSamplerError.Kind.TOOL_FAILED, "the "
                        + description + " poller stopped on an internal error (" + e + "): sampling stopped", true)));
    }

    @Override
    public void stop() {
        running = false;
        stopped.countDown();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt(); // an interrupted tool call ends the tool's tree
            ProgramThreads.joinBounded(t, options.stopGrace().toMillis() + 2000);
        }
    }

    private void pollLoop(SinkDispatcher dispatcher) {
        long lastGood = -1;
        int failuresInRow = 0;
        long next = System.nanoTime();
        while (running) {
            long now = System.currentTimeMillis();
            try {
                List<GpuSample> samples = readSelected(now);
                if (failuresInRow > 0 && lastGood >= 0) {
                    dispatcher.gap(new GpuGap(lastGood, now, description + " failed " + failuresInRow + " time(s)"));
                }
                failuresInRow = 0;
                samples.forEach(dispatcher::sample);
                lastGood = now;
            } catch (GpuSamplerException e) {
                if (!running) {
                    return;
                }
                failuresInRow++;
                boolean transientFailure = e.kind() == GpuSamplerError.Kind.HUNG
                        || e.kind() == GpuSamplerError.Kind.TOOL_FAILED;
                boolean fatal = !transientFailure || failuresInRow > options.maxRestarts();
                dispatcher.error(new GpuSamplerError(now, e.kind(), e.getMessage(), fatal));
                if (fatal) {
                    if (lastGood >= 0) {
                        dispatcher.gap(new GpuGap(lastGood, System.currentTimeMillis(), e.getMessage()));
                    }
                    return;
                }
            }
            next += TimeUnit.MILLISECONDS.toNanos(options.intervalMs());
            long waitNanos = next - System.nanoTime();
            if (waitNanos < 0) {
                next = System.nanoTime(); // overran: do not try to catch up with a burst
                waitNanos = 0;
            }
            try {
                if (stopped.await(waitNanos, TimeUnit.NANOSECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private List<GpuSample> readSelected(long now) throws GpuSamplerException {
        return source.read(now).stream().filter(s -> selection.matches(s.index(), s.uuid())).toList();
    }
}
