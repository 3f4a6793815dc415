package dev.memlens.app.live;

import dev.memlens.core.gpu.GpuSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the sampler threads collected since the last drain. Filled under {@link LiveIngest}'s lock, then swapped
 * out whole and applied on the UI thread, so one batch carries any number of samples.
 */
final class PendingBatch {
    /** New points of one series, plus (for a GPU) the newest installed-memory figure. */
    static final class Points {
        double[] x = new double[64];
        double[] y = new double[64];
        int count;
        Long memoryTotalBytes;

        void add(double xv, double yv) {
            if (count == x.length) {
                x = Arrays.copyOf(x, count * 2);
                y = Arrays.copyOf(y, count * 2);
            }
            x[count] = xv;
            y[count] = yv;
            count++;
        }

        void clear() {
            count = 0;
            memoryTotalBytes = null;
        }
    }

    /** By GPU slot (arrival order of the GPUs in this run). */
    final List<Points> gpuPoints = new ArrayList<>();
    /** The first sample of each GPU first seen in this batch, in slot order. */
    final List<GpuSample> newGpus = new ArrayList<>();
    final Points total = new Points();
    final Points kv = new Points();
    final Points running = new Points();
    final Points waiting = new Points();
    /** x: seconds, y: how many requests vLLM preempted since the scrape before. */
    final Points preemptions = new Points();
    final List<LivePhase> phases = new ArrayList<>();
    Long kvBytesInUse;
    boolean kvBytesGiven;

    Points gpu(int slot) {
        while (gpuPoints.size() <= slot) {
            gpuPoints.add(new Points());
        }
        return gpuPoints.get(slot);
    }

    boolean isEmpty() {
        if (!newGpus.isEmpty() || total.count > 0 || kv.count > 0 || !phases.isEmpty() || running.count > 0
                || waiting.count > 0 || preemptions.count > 0) {
            return false;
        }
        for (Points p : gpuPoints) {
            if (p.count > 0) {
                return false;
            }
        }
        return true;
    }

    void clear() {
        gpuPoints.forEach(Points::clear);
        newGpus.clear();
        total.clear();
        kv.clear();
        running.clear();
        waiting.clear();
        preemptions.clear();
        phases.clear();
        kvBytesInUse = null;
        kvBytesGiven = false;
    }
}
