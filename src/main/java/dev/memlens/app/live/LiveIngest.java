package dev.memlens.app.live;

import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.report.VllmMetricsSeries;
import dev.memlens.core.run.RunPhase;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The sampler threads' side of the live chart: appends each event to a pending batch under a short lock, closes a
 * "tick" (the total of every GPU's newest reading) when every GPU has reported, and says when the caller must ask
 * the UI thread for a drain: only for the first event after one, so at most one drain is ever pending. The UI
 * thread takes the whole batch with {@link #swap}.
 */
final class LiveIngest {
    private final Object lock = new Object();
    private PendingBatch pending = new PendingBatch();
    private boolean drainScheduled;
    private final Map<String, Integer> slotsByGpuKey = new HashMap<>();
    private long[] latestUsedBySlot = new long[8];
    private boolean[] seenThisTick = new boolean[8];
    private int samplesThisTick;
    private double tickSeconds;
    /** True once a GPU reported twice: from then on, all GPUs having reported closes a tick. */
    private boolean gpuSetKnown;
    /** The preemption counter of the last scrape. */
    private Double lastPreemptionsTotal;

    /** @return true when the caller must schedule a drain */
    boolean sample(GpuSample sample, long elapsedMillis) {
        synchronized (lock) {
            double t = elapsedMillis / 1000.0;
            Integer known = slotsByGpuKey.get(sample.gpuKey());
            int slot;
            if (known == null) {
                slot = slotsByGpuKey.size();
                slotsByGpuKey.put(sample.gpuKey(), slot);
                ensureSlots(slot + 1);
                pending.newGpus.add(sample);
            } else {
                slot = known;
            }
            if (seenThisTick[slot]) {
                // this GPU reports again: the previous tick is over, whether or not every GPU reported in it
                gpuSetKnown = true;
                closeTick();
            }
            latestUsedBySlot[slot] = sample.usedBytes();
            seenThisTick[slot] = true;
            samplesThisTick++;
            tickSeconds = Math.max(tickSeconds, t);
            PendingBatch.Points points = pending.gpu(slot);
            points.add(t, sample.usedBytes());
            if (sample.totalBytes() != null) {
                points.memoryTotalBytes = sample.totalBytes();
            }
            if (gpuSetKnown && samplesThisTick == slotsByGpuKey.size()) {
                closeTick();
            }
            return requestDrain();
        }
    }

    /** @return true when the caller must schedule a drain */
    boolean kvUsage(long elapsedMillis, double fraction, Long bytesInUse) {
        synchronized (lock) {
            pending.kv.add(elapsedMillis / 1000.0, Math.max(0, Math.min(1, fraction)));
            pending.kvBytesInUse = bytesInUse;
            pending.kvBytesGiven = true;
            return requestDrain();
        }
    }

    /** The request counts, and each rise of the preemption counter. @return true when a drain must be scheduled */
    boolean vllmMetrics(VllmMetricsSeries.Point point) {
        synchronized (lock) {
            double seconds = point.atMillis() / 1000.0;
            if (point.runningRequests() != null) {
                pending.running.add(seconds, point.runningRequests());
            }
            if (point.waitingRequests() != null) {
                pending.waiting.add(seconds, point.waitingRequests());
            }
            Double total = point.preemptionsTotal();
            if (total != null && Double.isFinite(total)) {
                long rise = lastPreemptionsTotal == null ? 0 : VllmMetricsSeries.rise(lastPreemptionsTotal, total);
                if (rise > 0) {
                    pending.preemptions.add(seconds, rise);
                }
                lastPreemptionsTotal = total;
            }
            return requestDrain();
        }
    }

    /** @return true when the caller must schedule a drain */
    boolean phase(RunPhase phase, long elapsedMillis) {
        synchronized (lock) {
            pending.phases.add(new LivePhase(phase, elapsedMillis / 1000.0));
            return requestDrain();
        }
    }

    /** Hands out what was collected (the next events go into {@code empty}); the drain is no longer pending. */
    PendingBatch swap(PendingBatch empty) {
        synchronized (lock) {
            drainScheduled = false;
            PendingBatch batch = pending;
            pending = empty;
            return batch;
        }
    }

    /** A new run: what was pending and every GPU's slot are forgotten. */
    void reset() {
        synchronized (lock) {
            pending.clear();
            slotsByGpuKey.clear();
            Arrays.fill(latestUsedBySlot, 0);
            Arrays.fill(seenThisTick, false);
            samplesThisTick = 0;
            tickSeconds = 0;
            gpuSetKnown = false;
            lastPreemptionsTotal = null;
        }
    }

    /** Adds the tick's total (the sum of every GPU's newest reading) to the pending batch. Under the lock. */
    private void closeTick() {
        if (samplesThisTick == 0) {
            return;
        }
        long sum = 0;
        for (int s = 0; s < slotsByGpuKey.size(); s++) {
            sum += latestUsedBySlot[s];
        }
        pending.total.add(tickSeconds, sum);
        Arrays.fill(seenThisTick, false);
        samplesThisTick = 0;
        tickSeconds = 0;
    }

    private void ensureSlots(int count) {
        if (count > latestUsedBySlot.length) {
            latestUsedBySlot = Arrays.copyOf(latestUsedBySlot, count * 2);
            seenThisTick = Arrays.copyOf(seenThisTick, count * 2);
        }
    }

    /** Under the lock: true when the caller must schedule a drain (none is pending). */
    private boolean requestDrain() {
        if (drainScheduled) {
            return false;
        }
        drainScheduled = true;
        return true;
    }
}
