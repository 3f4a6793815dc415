package dev.memlens.app.live;

import java.util.Arrays;

/**
 * Reduces one series to what a chart of a given pixel width can show: the time range is cut into buckets (about one
 * per pixel) and each bucket keeps its lowest and highest point, in time order, so spikes and dips survive. The point
 * just before and just after the range are kept so the line runs to the chart's edges. Output values are multiplied
 * by {@code scale} (bytes to the display unit, a fraction to percent).
 *
 * <p>The buckets hold point indices, and a series only grows, so while the range and bucket count stay the same (the
 * whole-run view, whose range grows in steps) a call only folds in the points added since the last call and then
 * walks the buckets: its cost no longer depends on the length of the run. A sliding range recomputes, in one pass
 * over the points in range.
 */
final class MinMaxDecimator {
    private double[] x = new double[1024];
    private double[] y = new double[1024];
    private int count;

    // bucket cache: valid for this series, range and bucket count, covering indices [firstIndex, processedTo)
    private LiveSeries cachedSeries;
    private double cachedFrom = Double.NaN;
    private double cachedTo = Double.NaN;
    private int cachedBuckets;
    private int firstIndex;
    private int processedTo;
    private int[] minIndex = new int[0];
    private int[] maxIndex = new int[0];

    double[] x() {
        return x;
    }

    double[] y() {
        return y;
    }

    int count() {
        return count;
    }

    /** Forgets the bucket cache (a new run). */
    void clear() {
        cachedSeries = null;
        count = 0;
    }

    /** Fills {@link #x()}/{@link #y()} with at most about {@code 2 * buckets + 4} points; returns the count. */
    int decimate(LiveSeries series, double from, double to, int buckets, double scale) {
        count = 0;
        int n = series.size();
        if (n == 0 || !(to > from) || buckets < 1) {
            return 0;
        }
        int inFrom = series.indexAtOrAfter(from);
        int inTo = series.indexAfter(to);
        int start = Math.max(0, inFrom - 1);
        int end = Math.min(n, inTo + 1);
        if (end - start <= 2 * buckets + 4) {
            ensureCapacity(end - start);
            for (int i = start; i < end; i++) {
                put(series.seconds(i), series.value(i) * scale);
            }
            return count;
        }
        boolean cacheValid = series == cachedSeries && from == cachedFrom && to == cachedTo
                && buckets == cachedBuckets && inFrom == firstIndex && inTo >= processedTo;
        if (!cacheValid) {
            startCache(series, from, to, buckets, inFrom);
        }
        double bucketWidth = (to - from) / buckets;
        for (int i = processedTo; i < inTo; i++) {
            int b = Math.min(buckets - 1, Math.max(0, (int) ((series.seconds(i) - from) / bucketWidth)));
            if (minIndex[b] < 0) {
                minIndex[b] = i;
                maxIndex[b] = i;
            } else {
                double v = series.value(i);
                if (v < series.value(minIndex[b])) {
                    minIndex[b] = i;
                }
                if (v > series.value(maxIndex[b])) {
                    maxIndex[b] = i;
                }
            }
        }
        processedTo = inTo;
        ensureCapacity(2 * buckets + 2);
        if (start < inFrom) {
            put(series.seconds(start), series.value(start) * scale);
        }
        for (int b = 0; b < buckets; b++) {
            if (minIndex[b] < 0) {
                continue;
            }
            int first = Math.min(minIndex[b], maxIndex[b]);
            int second = Math.max(minIndex[b], maxIndex[b]);
            put(series.seconds(first), series.value(first) * scale);
            if (second != first) {
                put(series.seconds(second), series.value(second) * scale);
            }
        }
        if (end > inTo) {
            put(series.seconds(inTo), series.value(inTo) * scale);
        }
        return count;
    }

    private void startCache(LiveSeries series, double from, double to, int buckets, int inFrom) {
        cachedSeries = series;
        cachedFrom = from;
        cachedTo = to;
        cachedBuckets = buckets;
        firstIndex = inFrom;
        processedTo = inFrom;
        if (minIndex.length < buckets) {
            minIndex = new int[buckets];
            maxIndex = new int[buckets];
        }
        Arrays.fill(minIndex, 0, buckets, -1);
        Arrays.fill(maxIndex, 0, buckets, -1);
    }

    private void put(double xv, double yv) {
        if (count == x.length) {
            ensureCapacity(count * 2);
        }
        x[count] = xv;
        y[count] = yv;
        count++;
    }

    private void ensureCapacity(int needed) {
        if (needed > x.length) {
            x = Arrays.copyOf(x, needed);
            y = Arrays.copyOf(y, needed);
        }
    }
}
