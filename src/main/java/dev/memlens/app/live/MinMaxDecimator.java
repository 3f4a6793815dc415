package dev.memlens.app.live;

import java.util.Arrays;

/**
 * Reduces a series to what a chart of a given pixel width can show: the time range is cut into buckets (about one
 * per pixel) and each bucket keeps its lowest and highest point, in time order, so spikes and dips survive. The point
 * just before and just after the range are kept so the line runs to the chart's edges. Cost: one pass over the points
 * in the range. Output values are multiplied by {@code scale} (bytes to the display unit, a fraction to percent).
 */
final class MinMaxDecimator {
    private double[] x = new double[1024];
    private double[] y = new double[1024];
    private int count;

    double[] x() {
        return x;
    }

    double[] y() {
        return y;
    }

    int count() {
        return count;
    }

    /** Fills {@link #x()}/{@link #y()} with at most {@code 2 * buckets + 2} points; returns the count. */
    int decimate(LiveSeries series, double from, double to, int buckets, double scale) {
        count = 0;
        int n = series.size();
        if (n == 0 || !(to > from) || buckets < 1) {
            return 0;
        }
        int start = Math.max(0, series.indexAtOrAfter(from) - 1);
        int end = Math.min(n, series.indexAfter(to) + 1);
        ensureCapacity(Math.min(end - start, 2 * buckets + 2));
        if (end - start <= 2 * buckets + 2) {
            for (int i = start; i < end; i++) {
                put(series.seconds(i), series.value(i) * scale);
            }
            return count;
        }
        put(series.seconds(start), series.value(start) * scale);
        double bucketWidth = (to - from) / buckets;
        int bucket = -1;
        int minIndex = -1;
        int maxIndex = -1;
        for (int i = start + 1; i < end - 1; i++) {
            int b = (int) ((series.seconds(i) - from) / bucketWidth);
            if (b != bucket) {
                flush(series, minIndex, maxIndex, scale);
                bucket = b;
                minIndex = i;
                maxIndex = i;
            } else {
                double v = series.value(i);
                if (v < series.value(minIndex)) {
                    minIndex = i;
                }
                if (v > series.value(maxIndex)) {
                    maxIndex = i;
                }
            }
        }
        flush(series, minIndex, maxIndex, scale);
        put(series.seconds(end - 1), series.value(end - 1) * scale);
        return count;
    }

    private void flush(LiveSeries series, int minIndex, int maxIndex, double scale) {
        if (minIndex < 0) {
            return;
        }
        int first = Math.min(minIndex, maxIndex);
        int second = Math.max(minIndex, maxIndex);
        put(series.seconds(first), series.value(first) * scale);
        if (second != first) {
            put(series.seconds(second), series.value(second) * scale);
        }
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
