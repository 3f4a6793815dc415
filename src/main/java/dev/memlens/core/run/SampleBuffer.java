package dev.memlens.core.run;

import java.util.Arrays;

/** Growable parallel arrays of (elapsed ms, used bytes): primitives, since a long run holds hundreds of thousands. */
final class SampleBuffer {
    private long[] times = new long[1024];
    private long[] values = new long[1024];
    private int size;

    void add(long elapsedMillis, long usedBytes) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        times[size] = elapsedMillis;
        values[size++] = usedBytes;
    }

    long[] times() {
        return Arrays.copyOf(times, size);
    }

    long[] values() {
        return Arrays.copyOf(values, size);
    }
}
