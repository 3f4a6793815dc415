package dev.memlens.bench;

import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.run.RunPhase;
import dev.memlens.core.run.SessionListener;

/**
 * A vLLM-like run on several GPUs, made up but shaped like the recorded ones: idle baseline, weights loading, the
 * profiling spike, the KV-cache pool allocated at once, CUDA graphs, warm-up, then measuring with small wobbles and
 * KV-cache usage (once a second) rising and falling with the load. Deterministic: tick {@code i} always gives the
 * same samples.
 */
public final class SyntheticVllmRun {
    private static final long GIB = 1L << 30;
    private static final double[] PHASE_STARTS = {0, 5, 60, 70, 75, 90, 120};
    private static final RunPhase[] PHASES = {RunPhase.BASELINE, RunPhase.LOADING, RunPhase.PROFILING,
            RunPhase.KV_ALLOCATION, RunPhase.CUDA_GRAPHS, RunPhase.WARMUP, RunPhase.MEASURING};

    private final int gpus;
    private final int hz;

    public SyntheticVllmRun(int gpus, int hz) {
        this.gpus = gpus;
        this.hz = hz;
    }

    public int gpus() {
        return gpus;
    }

    public long tickMillis(int tick) {
        return tick * 1000L / hz;
    }

    /** Plays ticks {@code [from, to)} into the listener: phases as they start, every GPU's sample, KV usage. */
    public void play(SessionListener listener, int from, int to) {
        for (int tick = from; tick < to; tick++) {
            playTick(listener, tick);
        }
    }

    /** What nvidia-smi reports for an H100 80GB HBM3 (81559 MiB), the GPU of the vLLM log the stand-in replays. */
    static final long H100_TOTAL_BYTES = 81559L * 1024 * 1024;

    public void playTick(SessionListener listener, int tick) {
        long ms = tickMillis(tick);
        double t = ms / 1000.0;
        for (int p = 0; p < PHASE_STARTS.length; p++) {
            if (ms == Math.round(PHASE_STARTS[p] * 1000)) {
                listener.onPhase(PHASES[p], ms);
            }
        }
        for (int g = 0; g < gpus; g++) {
            listener.onSample(GpuSample.of(ms, g, "GPU-synthetic-" + g, "NVIDIA H100 80GB HBM3", usedBytes(g, t),
                    H100_TOTAL_BYTES, null, null, null), ms);
        }
        if (t >= 120 && ms % 1000 == 0) {
            listener.onKvUsage(ms, 0.45 + 0.4 * Math.sin((t - 120) / 40.0) * Math.sin((t - 120) / 7.0), null);
        }
    }

    /** Memory in use on GPU {@code g} at {@code t} seconds. */
    public long usedBytes(int g, double t) {
        double gib;
        if (t < 5) {
            gib = 0.52;
        } else if (t < 60) {
            gib = 0.52 + 15.4 * (t - 5) / 55.0;
        } else if (t < 70) {
            gib = t < 66 ? 15.92 + 5.2 * (t - 60) / 6.0 : 17.1;
        } else if (t < 75) {
            gib = 17.1 + 52.0 * Math.min(1, (t - 70) / 0.5);
        } else if (t < 90) {
            gib = 69.1 + 1.6 * (t - 75) / 15.0;
        } else if (t < 120) {
            gib = 70.9;
        } else {
            gib = 71.2 + 0.35 * Math.sin(t / 3.0 + g) + 0.1 * Math.sin(t * 1.7);
        }
        return (long) ((gib + 0.03 * g) * GIB);
    }
}
