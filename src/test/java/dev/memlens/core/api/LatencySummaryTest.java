package dev.memlens.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {
    @Test
    void percentilesInterpolateLikeNumpy() {
        // numpy.percentile([4, 1, 3, 2], [50, 90, 99]) == [2.5, 3.7, 3.97]
        LatencySummary summary = LatencySummary.of(List.of(4.0, 1.0, 3.0, 2.0));
        assertEquals(4, summary.count());
        assertEquals(2.5, summary.mean(), 1e-12);
        assertEquals(2.5, summary.p50(), 1e-12);
        assertEquals(3.7, summary.p90(), 1e-12);
        assertEquals(3.97, summary.p99(), 1e-12);
        assertEquals(1.0, summary.min(), 1e-12);
        assertEquals(4.0, summary.max(), 1e-12);
    }

    @Test
    void oneValueIsEveryPercentileAndNanIsIgnored() {
        LatencySummary summary = LatencySummary.of(List.of(0.25, Double.NaN));
        assertEquals(1, summary.count());
        assertEquals(0.25, summary.p99(), 1e-12);
    }
}
