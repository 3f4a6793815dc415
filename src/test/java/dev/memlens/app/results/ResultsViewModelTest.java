package dev.memlens.app.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.sample.SampleReports;
import dev.memlens.core.units.MemoryUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs without the JavaFX toolkit: properties and observable lists need none. */
class ResultsViewModelTest {
    private ResultsViewModel vm;
    private ProfileReport sample;

    @BeforeEach
    void setUp() {
        vm = new ResultsViewModel();
        sample = SampleReports.bundledH200Run();
        vm.reportProperty().set(sample);
    }

    @Test
    void withoutCalculatorValuesThereIsNoVerdictButAHint() {
        assertNull(vm.comparisonProperty().get());
        assertEquals("No calculator values", vm.verdictTextProperty().get());
        assertEquals("none", vm.verdictStyleProperty().get());
        assertEquals("Llama-2-7B (llama shape, random weights)", vm.summaryProperty().get().model());
        assertEquals("19.39 GiB", vm.summaryProperty().get().peak());
        assertTrue(vm.summaryProperty().get().banner().startsWith("Recorded sample"));
    }

    @Test
    void aTotalAloneGivesTheVerdictAsTheUserTypes() {
        vm.calculatorTotalProperty().set("19");
        assertTrue(vm.passProperty().get());
        assertEquals("ok", vm.verdictStyleProperty().get());
        assertTrue(vm.verdictTextProperty().get().startsWith("✓ pass +2.0 %"), vm.verdictTextProperty().get());
        vm.calculatorTotalProperty().set("16");
        assertFalse(vm.passProperty().get());
        assertTrue(vm.verdictTextProperty().get().startsWith("✗ fail +21.2 %"), vm.verdictTextProperty().get());
        assertEquals(1, vm.rows().size(), "only the total row");
    }

    @Test
    void fourComponentsGiveARowEachAndTheirSumAsTotal() {
        vm.unitProperty().set(MemoryUnit.GB);
        vm.calculatorField(MemoryComponent.WEIGHTS).set("13.48");
        vm.calculatorField(MemoryComponent.KV_CACHE).set("2.15");
        vm.calculatorField(MemoryComponent.ACTIVATIONS).set("0.27");
        assertNull(vm.comparisonProperty().get(), "three of four components and no total: no comparison yet");
        vm.calculatorField(MemoryComponent.FRAMEWORK_OVERHEAD).set("2.34");
        assertEquals(5, vm.rows().size());
        ComparisonRowItem kv = vm.rows().get(1);
        assertEquals("KV cache", kv.component());
        assertEquals("✓ ok", kv.verdictSymbol());
        assertEquals("formula", kv.source());
        assertEquals("derived", kv.kind(), "the sample's KV cache is a formula: derived, never measured");
        ComparisonRowItem overhead = vm.rows().get(3);
        assertEquals("✗ bad", overhead.verdictSymbol());
        assertTrue(overhead.advice().contains("increase the overhead percentage"));
        ComparisonRowItem total = vm.rows().get(4);
        assertEquals("18.24", total.calculated());
        assertEquals("20.82", total.actual());
        assertEquals("✗ fail", total.verdictSymbol(), "+14.1 %: outside ±10 %");
        assertEquals(2.15, vm.barsProperty().get().calculated(MemoryComponent.KV_CACHE), 1e-9);
    }

    @Test
    void switchingTheUnitConvertsWhatWasTyped() {
        vm.unitProperty().set(MemoryUnit.GB);
        vm.calculatorTotalProperty().set("20.00");
        boolean passedInGb = vm.passProperty().get();
        vm.unitProperty().set(MemoryUnit.GIB);
        assertEquals("18.63", vm.calculatorTotalProperty().get());
        assertEquals(passedInGb, vm.passProperty().get());
        assertEquals("GiB", vm.barsProperty().get().unitLabel());
    }

    @Test
    void invalidInputIsReportedAndIgnored() {
        vm.calculatorTotalProperty().set("19");
        vm.calculatorField(MemoryComponent.KV_CACHE).set("abc");
        assertEquals("KV cache: 'abc' is not a number", vm.inputProblemProperty().get());
        assertTrue(vm.passProperty().get(), "the valid total still compares");
        vm.calculatorField(MemoryComponent.KV_CACHE).set("-1");
        assertEquals("KV cache: '-1' must be 0 or more", vm.inputProblemProperty().get());
        vm.calculatorField(MemoryComponent.KV_CACHE).set("");
        assertEquals("", vm.inputProblemProperty().get());
    }

    @Test
    void theToleranceDecidesThePass() {
        vm.calculatorTotalProperty().set("18");
        assertTrue(vm.passProperty().get(), "+7.7 % within ±10 %");
        vm.tolerancePctProperty().set(5);
        assertFalse(vm.passProperty().get());
    }

    @Test
    void theCurrentReportCarriesTheTypedValuesForSaving() {
        vm.calculatorTotalProperty().set("19");
        ProfileReport current = vm.currentReport();
        assertEquals(MemoryUnit.GIB.toBytes(19), current.calculator().totalBytes());
        assertEquals("manual", current.calculator().source());
        assertEquals(10.0, current.tolerancePct());
    }

    @Test
    void openingAReportWithCalculatorValuesFillsTheFields() {
        vm.calculatorTotalProperty().set("19");
        ProfileReport withValues = vm.currentReport();
        ResultsViewModel other = new ResultsViewModel();
        other.reportProperty().set(withValues);
        assertEquals("19.00", other.calculatorTotalProperty().get());
        assertTrue(other.passProperty().get());
    }

    @Test
    void theAccountRowsShowEveryItemWithItsKindAndSourceThenTheTotal() {
        var rows = vm.accountRows();
        assertEquals(sample.account().items().size() + 1, rows.size());
        AccountRowItem weights = rows.get(0);
        assertEquals("Model weights", weights.component());
        assertEquals("measured", weights.kind());
        assertEquals("torch-allocator", weights.source());
        AccountRowItem total = rows.get(rows.size() - 1);
        assertTrue(total.total());
        assertEquals("19.39 GiB", total.value());
        assertEquals("", vm.bannerProperty().get(), "a completed, consistent run has no banner");
    }

    @Test
    void aCancelledRunSaysSoOverItsFigures() {
        vm.reportProperty().set(sample.withStatus(dev.memlens.core.report.RunStatus.CANCELLED, "cancelled by the user"));
        assertTrue(vm.bannerProperty().get().contains("what was measured until then"), vm.bannerProperty().get());
    }
}
