package dev.memlens.app.live;

import java.util.Arrays;

/**
 * One growing series of the live chart: elapsed seconds and a value (bytes for memory, a 0..1 fraction for KV-cache
 * usage), kept at full resolution for the whole run. Appended and read on the UI thread only (the ViewModel's drain),
 * so it needs no locking. Times never go backwards: a late point is placed at the last time.
 */
public final class LiveSeries {
    /** What a series shows, which decides its axis and styling. */
    public enum Kind { GPU, TOTAL, KV_USAGE, REQUESTS }

    private static final int INITIAL_CAPACITY = 256;

    private final String key;
    private final String label;
    private final Kind kind;
    private double[] seconds = new double[INITIAL_CAPACITY];
    private double[] values = new double[INITIAL_CAPACITY];
    private int size;

    LiveSeries(String key, String label, Kind kind) {
        this.key = key;
        this.label = label;
        this.kind = kind;
    }

    /** The GPU key ({@code GpuSample.gpuKey()}), "total" or "kv". */
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public Kind kind() {
        return kind;
    }

    public int size() {
        return size;
    }

    public double seconds(int i) {
        return seconds[i];
    }

    public double value(int i) {
        return values[i];
    }

    public double lastSeconds() {
        return size == 0 ? Double.NaN : seconds[size - 1];
    }

    void append(double[] xs, double[] ys, int count) {
        ensureCapacity(size + count);
        double last = size == 0 ? Double.NEGATIVE_INFINITY : seconds[size - 1];
        for (int i = 0; i < count; i++) {
            last = Math.max(last, xs[i]);
            seconds[size] = last;
            values[size] = ys[i];
            size++;
        }
    }

    void clear() {
        size = 0;
        if (seconds.length > 4 * INITIAL_CAPACITY) {
            seconds = new double[INITIAL_CAPACITY];
            values = new double[INITIAL_CAPACITY];
        }
    }

    /** The first index whose time is at or after {@code t} ({@link #size()} when none). */
    public int indexAtOrAfter(double t) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (seconds[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The first index whose time is after {@code t} ({@link #size()} when none). */
    public int indexAfter(double t) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (seconds[mid] <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void ensureCapacity(int needed) {
        if (needed > seconds.length) {
            int capacity = Math.max(needed, seconds.length * 2);
            seconds = Arrays.copyOf(seconds, capacity);
            values = Arrays.copyOf(values, capacity);
        }
    }

    @Override
    public String toString() {
        return label + " (" + size + " points)";
    }
}
