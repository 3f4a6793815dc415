package dev.memlens.core.report;

import java.util.Arrays;

/**
 * The used memory of one GPU over the run, as parallel arrays (milliseconds since the run started, bytes): a
 * one-hour run at 20 Hz is 72,000 points per GPU, which would be wasteful as objects.
 */
public record GpuTimeline(int gpuIndex, String uuid, String name, long[] elapsedMillis, long[] usedBytes) {
    public GpuTimeline {
        if (elapsedMillis.length != usedBytes.length) {
            throw new IllegalArgumentException("timeline of GPU " + gpuIndex + ": " + elapsedMillis.length
                    + " times but " + usedBytes.length + " values");
        }
        elapsedMillis = elapsedMillis.clone();
        usedBytes = usedBytes.clone();
    }

    public int size() {
        return usedBytes.length;
    }

    public long elapsedMillis(int i) {
        return elapsedMillis[i];
    }

    public long usedBytes(int i) {
        return usedBytes[i];
    }

    public long[] elapsedMillis() {
        return elapsedMillis.clone();
    }

    public long[] usedBytes() {
        return usedBytes.clone();
    }

    /** Index of the highest sample (the first when several are equal), or -1 when empty. */
    public int peakIndex() {
        int best = -1;
        for (int i = 0; i < usedBytes.length; i++) {
            if (best < 0 || usedBytes[i] > usedBytes[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GpuTimeline t && t.gpuIndex == gpuIndex && java.util.Objects.equals(t.uuid, uuid)
                && java.util.Objects.equals(t.name, name) && Arrays.equals(t.elapsedMillis, elapsedMillis)
                && Arrays.equals(t.usedBytes, usedBytes);
    }

    @Override
    public int hashCode() {
        return 31 * gpuIndex + Arrays.hashCode(usedBytes);
    }

    @Override
    public String toString() {
        return "GpuTimeline[gpu " + gpuIndex + ", " + size() + " samples]";
    }
}
