package dev.memlens.core.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The one definition of a run's peak: the highest value of the <em>simultaneous</em> sum of the used memory of the
 * run's GPUs (each GPU counted at its latest sample at that instant), not the sum of per-GPU peaks reached at
 * different times. Without a timeline, the devices' peak snapshots are summed (one snapshot is simultaneous).
 *
 * @param peakBytes    the peak of the summed used memory, null when nothing was sampled
 * @param atMillis     when it was reached (ms since the run started), null without a timeline
 * @param baselineBytes the summed used memory before the engine started, null when unknown
 * @param source        where the figure comes from, in words ("gpu-sampler timeline: ..."); "not sampled" when unknown
 */
public record RunPeak(Long peakBytes, Long atMillis, Long baselineBytes, String source) {
    public static final String NOT_SAMPLED = "not sampled: the report has no timeline, device peaks or peak snapshot";
    public static final RunPeak NONE = new RunPeak(null, null, null, NOT_SAMPLED);
    private static final String RECORDED = "gpu-sampler: the peak the report recorded";
    private static final String TIMELINE = "gpu-sampler timeline: the simultaneous sum of the GPUs' used memory";
    private static final String SNAPSHOTS = "gpu-sampler: the sum of the GPUs' peak snapshots";

    /** The figure's kind: a sampled peak is measured; without one it is unknown (never 0). */
    public FigureKind kind() {
        return peakBytes == null ? FigureKind.UNKNOWN : FigureKind.MEASURED;
    }

    /** The peak minus the baseline: what the run's engine held at its peak (launch modes). */
    public Long increaseBytes() {
        if (peakBytes == null) {
            return null;
        }
        return peakBytes - (baselineBytes == null ? 0 : baselineBytes);
    }

    public static RunPeak of(ProfileReport r) {
        if (r.account().peakBytes() != null) {
            return new RunPeak(r.account().peakBytes(), null, r.account().baselineBytes(), RECORDED);
        }
        return of(r.timeline(), r.gpus().devices());
    }

    public static RunPeak of(List<GpuTimeline> timelines, List<GpuDevice> devices) {
        Long baseline = null;
        for (GpuDevice d : devices) {
            if (d.baselineUsedBytes() != null) {
                baseline = (baseline == null ? 0 : baseline) + d.baselineUsedBytes();
            }
        }
        List<GpuTimeline> sampled = new ArrayList<>();
        for (GpuTimeline t : timelines) {
            if (t.size() > 0) {
                sampled.add(t);
            }
        }
        if (!sampled.isEmpty()) {
            long[] peak = simultaneous(sampled);
            long best = peak[0];
            // a final snapshot above every timeline sample (a run shorter than one interval) still counts
            Long snapshot = sumOfDevicePeaks(devices);
            if (sampled.size() == 1 && snapshot != null && snapshot > best && devices.size() == 1) {
                return new RunPeak(snapshot, null, baseline, SNAPSHOTS);
            }
            return new RunPeak(best, peak[1], baseline, TIMELINE);
        }
        Long sum = sumOfDevicePeaks(devices);
        return sum == null ? new RunPeak(null, null, baseline, NOT_SAMPLED) : new RunPeak(sum, null, baseline, SNAPSHOTS);
    }

    private static Long sumOfDevicePeaks(List<GpuDevice> devices) {
        Long sum = null;
        for (GpuDevice d : devices) {
            if (d.peakUsedBytes() != null) {
                sum = (sum == null ? 0 : sum) + d.peakUsedBytes();
            }
        }
        return sum;
    }

    /** {peak, time}: walks all sample times in order, each GPU holding its latest value (its first before it starts). */
    private static long[] simultaneous(List<GpuTimeline> timelines) {
        int n = timelines.size();
        int[] next = new int[n];
        long[] current = new long[n];
        long sum = 0;
        for (int g = 0; g < n; g++) {
            current[g] = timelines.get(g).usedBytes(0);
            sum += current[g];
        }
        long best = Long.MIN_VALUE;
        long bestAt = 0;
        while (true) {
            long t = Long.MAX_VALUE;
            for (int g = 0; g < n; g++) {
                if (next[g] < timelines.get(g).size()) {
                    t = Math.min(t, timelines.get(g).elapsedMillis(next[g]));
                }
            }
            if (t == Long.MAX_VALUE) {
                break;
            }
            for (int g = 0; g < n; g++) {
                GpuTimeline tl = timelines.get(g);
                while (next[g] < tl.size() && tl.elapsedMillis(next[g]) == t) {
                    sum += tl.usedBytes(next[g]) - current[g];
                    current[g] = tl.usedBytes(next[g]);
                    next[g]++;
                }
            }
            if (sum > best) {
                best = sum;
                bestAt = t;
            }
        }
        return new long[] {best, bestAt};
    }
}
