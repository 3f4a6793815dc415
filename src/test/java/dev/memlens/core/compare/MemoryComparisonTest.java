package dev.memlens.core.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.report.CalculatorValues;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.MeasuredFigure;
import dev.memlens.core.report.MemoryBreakdown;
import dev.memlens.core.report.MemoryComponent;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryComparisonTest {
    private static final long GB = 1_000_000_000L;

    private static MemoryBreakdown measured(long w, long kv, long act, long ovh, Long total) {
        Map<MemoryComponent, MeasuredFigure> m = new EnumMap<>(MemoryComponent.class);
        m.put(MemoryComponent.WEIGHTS, MeasuredFigure.of(w, FigureSource.REPORTED));
        m.put(MemoryComponent.KV_CACHE, MeasuredFigure.of(kv, FigureSource.REPORTED));
        m.put(MemoryComponent.ACTIVATIONS, MeasuredFigure.of(act, FigureSource.REPORTED));
        m.put(MemoryComponent.FRAMEWORK_OVERHEAD, MeasuredFigure.of(ovh, FigureSource.REPORTED));
        return new MemoryBreakdown(m, total == null ? null : MeasuredFigure.of(total, FigureSource.GPU_SAMPLER), null, Map.of());
    }

    private static CalculatorValues calc(long w, long kv, long act, long ovh) {
        return new CalculatorValues(Map.of(MemoryComponent.WEIGHTS, w, MemoryComponent.KV_CACHE, kv,
                MemoryComponent.ACTIVATIONS, act, MemoryComponent.FRAMEWORK_OVERHEAD, ovh), null, "test");
    }

    @Test
    void percentIsRelativeToTheCalculatedValueAsInTheOriginal() {
        ComparisonResult r = MemoryComparison.compare(measured(13 * GB, GB, GB, GB, null), calc(10 * GB, GB, GB, GB), 10).orElseThrow();
        ComparisonRow weights = r.rows().get(0);
        assertEquals(30.0, weights.percentDiff(), 1e-9);
        assertEquals(Verdict.BAD, weights.verdict());
        assertEquals(3 * GB, weights.diffBytes());
        // total: actual is the sum (16) against 13
        assertEquals(16 * GB, r.total().actualBytes());
        assertEquals(13 * GB, r.total().calculatedBytes());
        assertFalse(r.pass());
    }

    @Test
    void exactlyFifteenPercentIsAWarningEverywhere() {
        assertEquals(Verdict.WARN, Verdict.forPercent(15.0));
        assertEquals(Verdict.WARN, Verdict.forPercent(-15.0));
        assertEquals(Verdict.OK, Verdict.forPercent(14.999));
        assertEquals(Verdict.BAD, Verdict.forPercent(30.0));
        ComparisonRow row = MemoryComparison.row(MemoryComponent.KV_CACHE, 115, 100);
        assertEquals(Verdict.WARN, row.verdict());
        assertTrue(row.advice().startsWith("Actual KV cache is higher"));
    }

    @Test
    void aCalculatedZeroNeverDividesByZero() {
        ComparisonRow both = MemoryComparison.row(MemoryComponent.ACTIVATIONS, 0, 0);
        assertEquals(0.0, both.percentDiff());
        assertEquals(Verdict.OK, both.verdict());
        ComparisonRow onlyActual = MemoryComparison.row(MemoryComponent.ACTIVATIONS, GB, 0);
        assertNull(onlyActual.percentDiff());
        assertEquals(Verdict.BAD, onlyActual.verdict());
    }

    @Test
    void theMeasuredTotalWinsOverTheSumAndTheCalculatedTotalOverItsComponents() {
        CalculatorValues values = new CalculatorValues(calc(10 * GB, GB, GB, GB).components(), 15 * GB, "test");
        ComparisonResult r = MemoryComparison.compare(measured(GB, GB, GB, GB, 16 * GB), values, 10).orElseThrow();
        assertEquals(16 * GB, r.total().actualBytes());
        assertEquals(15 * GB, r.total().calculatedBytes());
        assertTrue(r.pass(), "+6.7 % is within ±10 %");
    }

    @Test
    void toleranceIsInclusiveAndOnlyTheTotalDecidesThePass() {
        CalculatorValues values = new CalculatorValues(Map.of(MemoryComponent.WEIGHTS, 20 * GB), 100 * GB, "test");
        ComparisonResult r = MemoryComparison.compare(measured(GB, 0, 0, 0, 110 * GB), values, 10).orElseThrow();
        assertTrue(r.pass());
        assertEquals(1, r.rows().size());
        assertEquals(Verdict.BAD, r.rows().get(0).verdict());
    }

    @Test
    void noTotalAndMissingComponentsGiveNoComparison() {
        CalculatorValues partial = new CalculatorValues(Map.of(MemoryComponent.WEIGHTS, GB), null, "test");
        assertTrue(MemoryComparison.compare(measured(GB, GB, GB, GB, null), partial, 10).isEmpty());
    }

    @Test
    void aTotalOutsideTheToleranceNeverShowsATick() {
        CalculatorValues values = new CalculatorValues(Map.of(), 100 * GB, "test");
        ComparisonResult fail = MemoryComparison.compare(measured(GB, 0, 0, 0, 114 * GB), values, 10).orElseThrow();
        assertFalse(fail.pass());
        assertEquals(Verdict.WARN, fail.total().verdict());
        assertTrue(fail.total().advice().contains("outside the ±10 % tolerance"), fail.total().advice());
        ComparisonResult far = MemoryComparison.compare(measured(GB, 0, 0, 0, 140 * GB), values, 10).orElseThrow();
        assertEquals(Verdict.BAD, far.total().verdict());
        ComparisonResult ok = MemoryComparison.compare(measured(GB, 0, 0, 0, 109 * GB), values, 10).orElseThrow();
        assertEquals(Verdict.OK, ok.total().verdict());
        assertEquals("Within the ±10 % tolerance.", ok.total().advice());
    }
}
