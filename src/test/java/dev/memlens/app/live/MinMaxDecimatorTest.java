package dev.memlens.app.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MinMaxDecimatorTest {
    private static LiveSeries series(double[] y) {
        LiveSeries s = new LiveSeries("k", "k", LiveSeries.Kind.GPU);
        double[] x = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            x[i] = i * 0.05;
        }
        s.append(x, y, y.length);
        return s;
    }

    @Test
    void aShortRangeIsCopiedAsIsAndScaled() {
        LiveSeries s = series(new double[] {1, 2, 3, 4});
        MinMaxDecimator d = new MinMaxDecimator();
        int n = d.decimate(s, 0, 10, 100, 2);
        assertEquals(4, n);
        assertEquals(8, d.y()[3], 1e-12);
        assertEquals(0.15, d.x()[3], 1e-12);
    }

    @Test
    void aLongSeriesKeepsEachBucketsSpikeAndDipAndStaysSmall() {
        double[] y = new double[72_000];
        for (int i = 0; i < y.length; i++) {
            y[i] = 10 + Math.sin(i / 500.0);
        }
        y[30_001] = 100; // one-sample spike
        y[50_003] = -5;  // one-sample dip
        LiveSeries s = series(y);
        MinMaxDecimator d = new MinMaxDecimator();
        int n = d.decimate(s, 0, s.lastSeconds(), 800, 1);
        assertTrue(n <= 2 * 801 + 2, "at most two points per bucket plus the ends: " + n);
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, d.y()[i]);
            min = Math.min(min, d.y()[i]);
            if (i > 0) {
                assertTrue(d.x()[i] >= d.x()[i - 1], "in time order");
            }
        }
        assertEquals(100, max);
        assertEquals(-5, min);
        assertEquals(0, d.x()[0], 1e-12);
        assertEquals(s.lastSeconds(), d.x()[n - 1], 1e-12);
    }

    @Test
    void onlyTheRangeAndOnePointEitherSideAreUsed() {
        double[] y = new double[10_000];
        for (int i = 0; i < y.length; i++) {
            y[i] = i;
        }
        LiveSeries s = series(y); // 0 .. 499.95 s
        MinMaxDecimator d = new MinMaxDecimator();
        int n = d.decimate(s, 100, 200, 50, 1);
        assertEquals(1999, d.y()[0], 1e-12, "the point just before 100 s");
        assertEquals(4001, d.y()[n - 1], 1e-12, "the point just after 200 s");
        assertTrue(n <= 2 * 51 + 2);
    }

    @Test
    void nothingToDrawGivesNoPoints() {
        MinMaxDecimator d = new MinMaxDecimator();
        assertEquals(0, d.decimate(new LiveSeries("k", "k", LiveSeries.Kind.GPU), 0, 10, 100, 1));
        assertEquals(0, d.decimate(series(new double[] {1, 2}), 5, 5, 100, 1));
    }

    @Test
    void foldingInNewPointsGivesWhatAFreshPassGives() {
        LiveSeries s = new LiveSeries("k", "k", LiveSeries.Kind.GPU);
        MinMaxDecimator incremental = new MinMaxDecimator();
        java.util.Random random = new java.util.Random(7);
        double[] x = new double[1];
        double[] y = new double[1];
        for (int i = 0; i < 20_000; i++) {
            x[0] = i * 0.05;
            y[0] = random.nextGaussian();
            s.append(x, y, 1);
            if (i % 997 == 0 || i == 19_999) {
                int n = incremental.decimate(s, 0, 1000, 300, 3);
                MinMaxDecimator fresh = new MinMaxDecimator();
                int m = fresh.decimate(s, 0, 1000, 300, 3);
                assertEquals(m, n, "after " + i);
                for (int k = 0; k < n; k++) {
                    assertEquals(fresh.x()[k], incremental.x()[k], 0.0);
                    assertEquals(fresh.y()[k], incremental.y()[k], 0.0);
                }
            }
        }
    }
}
