package dev.memlens.core.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.report.AccountComponent;
import dev.memlens.core.report.CalculatorValues;
import dev.memlens.core.report.FigureKind;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.MemoryAccount;
import dev.memlens.core.report.MemoryComponent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryComparisonTest {
    private static final long GB = 1_000_000_000L;

    /** Weights, KV and activations measured; the total measured; overhead = the rest. */
    private static MemoryAccount measured(long w, long kv, long act, Long total) {
        return MemoryAccount.builder().measured(AccountComponent.WEIGHTS, w, FigureSource.VLLM_LOG, "")
                .measured(AccountComponent.KV_CACHE, kv, FigureSource.VLLM_LOG, "")
                .measured(AccountComponent.ACTIVATIONS, act, FigureSource.VLLM_LOG, "")
                .total(total, FigureSource.GPU_SAMPLER, "").build();
    }

    private static CalculatorValues calc(long w, long kv, long act, long ovh) {
        return new CalculatorValues(Map.of(MemoryComponent.WEIGHTS, w, MemoryComponent.KV_CACHE, kv,
                MemoryComponent.ACTIVATIONS, act, MemoryComponent.FRAMEWORK_OVERHEAD, ovh), null, "test");
    }

    @Test
    void percentIsRelativeToTheCalculatedValueAsInTheOriginal() {
        ComparisonResult r = MemoryComparison.compare(measured(13 * GB, GB, GB, 16 * GB), calc(10 * GB, GB, GB, GB), 10)
                .orElseThrow();
        ComparisonRow weights = r.rows().get(0);
        assertEquals(30.0, weights.percentDiff(), 1e-9);
        assertEquals(Verdict.BAD, weights.verdict());
        assertEquals(3 * GB, weights.diffBytes());
        assertEquals(FigureKind.MEASURED, weights.actualKind());
        assertEquals("vllm-log", weights.actualSource());
        assertEquals(GB, r.rows().get(3).actualBytes(), "overhead is the total minus the other three");
        assertEquals(16 * GB, r.total().actualBytes());
        assertEquals(13 * GB, r.total().calculatedBytes());
        assertFalse(r.pass());
        assertEquals("✗ fail", r.total().verdictLabel());
    }

    @Test
    void exactlyFifteenPercentIsAWarningEverywhere() {
        assertEquals(Verdict.WARN, Verdict.forPercent(15.0));
        assertEquals(Verdict.WARN, Verdict.forPercent(-15.0));
        assertEquals(Verdict.OK, Verdict.forPercent(14.999));
        assertEquals(Verdict.BAD, Verdict.forPercent(30.0));
        ComparisonRow row = MemoryComparison.row(MemoryComponent.KV_CACHE, 115L, 100, FigureKind.MEASURED, "vllm-log");
        assertEquals(Verdict.WARN, row.verdict());
        assertEquals("⚠ warn", row.verdictLabel());
        assertTrue(row.advice().startsWith("Measured KV cache is higher"));
    }

    @Test
    void aCalculatedZeroNeverDividesByZero() {
        ComparisonRow both = MemoryComparison.row(MemoryComponent.ACTIVATIONS, 0L, 0, FigureKind.MEASURED, "x");
        assertEquals(0.0, both.percentDiff());
        assertEquals(Verdict.OK, both.verdict());
        ComparisonRow onlyActual = MemoryComparison.row(MemoryComponent.ACTIVATIONS, GB, 0, FigureKind.MEASURED, "x");
        assertNull(onlyActual.percentDiff());
        assertEquals(Verdict.BAD, onlyActual.verdict());
    }

    @Test
    void anUnknownMeasuredSideGetsNoVerdictNotAMinusHundredPercent() {
        MemoryAccount kvUnknown = MemoryAccount.builder().measured(AccountComponent.WEIGHTS, 10 * GB, FigureSource.VLLM_LOG, "")
                .unknown(AccountComponent.KV_CACHE, "log gives tokens only")
                .measured(AccountComponent.ACTIVATIONS, GB, FigureSource.VLLM_LOG, "")
                .total(70 * GB, FigureSource.GPU_SAMPLER, "").build();
        ComparisonResult r = MemoryComparison.compare(kvUnknown, calc(10 * GB, 57 * GB, GB, 2 * GB), 10).orElseThrow();
        ComparisonRow kv = r.rows().get(1);
        assertNull(kv.actualBytes());
        assertNull(kv.percentDiff());
        assertNull(kv.verdict());
        assertEquals("—", kv.verdictLabel());
        assertEquals(FigureKind.UNKNOWN, kv.actualKind());
        assertNull(r.rows().get(3).verdict(), "overhead (everything else) is unknown while the KV cache is");
        assertEquals(Verdict.OK, r.rows().get(0).verdict());
        assertTrue(r.pass(), "the total is measured: 70 against 70");
    }

    @Test
    void anUnknownTotalGivesNoPassAndNoFail() {
        ComparisonResult r = MemoryComparison.compare(measured(GB, GB, GB, null), new CalculatorValues(Map.of(), 3 * GB, "t"), 10)
                .orElseThrow();
        assertNull(r.pass());
        assertFalse(r.judged());
        assertNull(r.total().verdict());
        assertEquals("— no verdict", ComparisonText.headline(r));
    }

    @Test
    void theCalculatedTotalWinsOverItsComponents() {
        CalculatorValues values = new CalculatorValues(calc(10 * GB, GB, GB, GB).components(), 15 * GB, "test");
        ComparisonResult r = MemoryComparison.compare(measured(GB, GB, GB, 16 * GB), values, 10).orElseThrow();
        assertEquals(16 * GB, r.total().actualBytes());
        assertEquals(15 * GB, r.total().calculatedBytes());
        assertTrue(r.pass(), "+6.7 % is within ±10 %");
        assertEquals("✓ pass +6.7 %", ComparisonText.headline(r));
    }

    @Test
    void toleranceIsInclusiveAndOnlyTheTotalDecidesThePass() {
        CalculatorValues values = new CalculatorValues(Map.of(MemoryComponent.WEIGHTS, 20 * GB), 100 * GB, "test");
        ComparisonResult r = MemoryComparison.compare(measured(GB, 0, 0, 110 * GB), values, 10).orElseThrow();
        assertTrue(r.pass());
        assertEquals(1, r.rows().size());
        assertEquals(Verdict.BAD, r.rows().get(0).verdict());
    }

    @Test
    void noTotalAndMissingComponentsGiveNoComparison() {
        CalculatorValues partial = new CalculatorValues(Map.of(MemoryComponent.WEIGHTS, GB), null, "test");
        assertTrue(MemoryComparison.compare(measured(GB, GB, GB, 4 * GB), partial, 10).isEmpty());
    }

    @Test
    void theTotalIsPassOrFailNeverAWarning() {
        CalculatorValues values = new CalculatorValues(Map.of(), 100 * GB, "test");
        ComparisonResult fail = MemoryComparison.compare(measured(GB, 0, 0, 114 * GB), values, 10).orElseThrow();
        assertFalse(fail.pass());
        assertEquals(Verdict.BAD, fail.total().verdict());
        assertEquals("✗ fail", fail.total().verdictLabel());
        assertEquals("fail", fail.total().verdictTag());
        assertTrue(fail.total().advice().contains("outside the ±10 % tolerance"), fail.total().advice());
        ComparisonResult ok = MemoryComparison.compare(measured(GB, 0, 0, 109 * GB), values, 10).orElseThrow();
        assertEquals(Verdict.OK, ok.total().verdict());
        assertEquals("✓ pass", ok.total().verdictLabel());
        assertEquals("Within the ±10 % tolerance.", ok.total().advice());
    }

    @Test
    void everyAdviceSaysMeasuredAsTheAppDoesNeverActual() {
        for (MemoryComponent c : MemoryComponent.values()) {
            for (double pct : new double[] {-50, -20, 20, 50}) {
                String advice = Advice.forRow(c, pct, Verdict.forPercent(pct));
                assertFalse(advice.contains("Actual") || advice.contains("actual"), c + " " + pct + ": " + advice);
            }
        }
        for (Boolean pass : new Boolean[] {true, false, null}) {
            assertFalse(Advice.forTotal(25.0, pass, 10).toLowerCase(java.util.Locale.ROOT).contains("actual"));
        }
    }
}
