package dev.memlens.core.gpu;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** Collects everything a sampler reports; tests wait on conditions with a generous deadline. */
public final class RecordingSink implements GpuSampleSink {
    public final List<GpuSample> samples = new CopyOnWriteArrayList<>();
    public final List<List<GpuProcessSample>> processes = new CopyOnWriteArrayList<>();
    public final List<GpuGap> gaps = new CopyOnWriteArrayList<>();
    public final List<GpuSamplerError> errors = new CopyOnWriteArrayList<>();
    public final List<String> warnings = new CopyOnWriteArrayList<>();

    @Override
    public void onSample(GpuSample sample) {
        samples.add(sample);
    }

    @Override
    public void onProcesses(long timestampMillis, List<GpuProcessSample> list) {
        processes.add(list);
    }

    @Override
    public void onGap(GpuGap gap) {
        gaps.add(gap);
    }

    @Override
    public void onError(GpuSamplerError error) {
        errors.add(error);
    }

    @Override
    public void onWarning(String message) {
        warnings.add(message);
    }

    public boolean hasFatalError() {
        return errors.stream().anyMatch(GpuSamplerError::fatal);
    }

    /** Waits (polling, up to 20 s) until the condition holds. */
    public static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }
}
