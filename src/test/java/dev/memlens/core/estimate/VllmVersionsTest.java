package dev.memlens.core.estimate;

import dev.memlens.core.units.Bytes;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VllmVersionsTest {
    @Test
    void graphsComeOutOfTheBudgetFromVersion021() {
        assertFalse(VllmVersions.graphsInBudget("0.19.0"));
        assertFalse(VllmVersions.graphsInBudget("0.6.5dev"));
        assertTrue(VllmVersions.graphsInBudget("0.21"));
        assertTrue(VllmVersions.graphsInBudget("v0.26.0"));
        assertTrue(VllmVersions.graphsInBudget("0.28.1rc1.dev50+gcac8a75a7.d20260828"));
        assertTrue(VllmVersions.graphsInBudget("1.0.0"));
        assertEquals("--vllm-version 'latest' is not a version such as 0.19.0 or 0.21",
                assertThrows(IllegalArgumentException.class, () -> VllmVersions.graphsInBudget("latest")).getMessage());
    }

    @Test
    void upTo0170TheDefaultIs09AndNoGraphEstimateIsLogged() {
        VllmVersions.BudgetRules r = VllmVersions.rules("0.17.0");
        assertEquals("0.0", r.firstVersion());
        assertEquals(0.9, r.defaultUtilization());
        assertFalse(r.graphsInBudget());
        assertFalse(r.graphEstimateLogged());
        assertEquals(r, VllmVersions.rules("0.6.5dev"));
        assertEquals(r, VllmVersions.rules("0.8.3"));
    }

    @Test
    void from0171TheGraphEstimateIsLoggedButOptIn() {
        // vLLM ebb9cc5f2 (#30515); the 0.17.1 release candidate logs "Profiling CUDA graph memory" (#36634)
        for (String v : new String[] {"0.17.1", "0.18.0", "0.18.9"}) {
            VllmVersions.BudgetRules r = VllmVersions.rules(v);
            assertEquals("0.17.1", r.firstVersion(), v);
            assertEquals(0.9, r.defaultUtilization(), v);
            assertFalse(r.graphsInBudget(), v);
            assertTrue(r.graphEstimateLogged(), v);
            assertTrue(r.source().contains("opt-in") && r.source().contains("activation"), r.source());
        }
    }

    @Test
    void from0190TheEstimateIsNoLongerInTheActivationPeak() {
        // vLLM 79eb9369c (#37426) is in v0.19.0; the 0.19 logs reserve nothing for the estimate they print
        VllmVersions.BudgetRules r = VllmVersions.rules("0.19.0");
        assertEquals("0.19.0", r.firstVersion());
        assertEquals(0.9, r.defaultUtilization());
        assertFalse(r.graphsInBudget());
        assertFalse(r.loggedActivationIncludesGraphs());
        assertEquals(r, VllmVersions.rules("0.20.2"));
    }

    @Test
    void from0210GraphsAreReservedAndTheDefaultIs092() {
        // vLLM 96a85c575 (#38284): CacheConfig gpu_memory_utilization Field(default=0.92), profiling on by default
        VllmVersions.BudgetRules r = VllmVersions.rules("0.21.0");
        assertEquals(0.92, r.defaultUtilization());
        assertTrue(r.graphsInBudget());
        assertFalse(r.loggedActivationIncludesGraphs());
        assertEquals(r, VllmVersions.rules("v0.26.0"));
    }

    @Test
    void from0270TheLoggedActivationIncludesTheGraphReservation() {
        VllmVersions.BudgetRules r = VllmVersions.rules("0.27.1");
        assertEquals(0.92, r.defaultUtilization());
        assertTrue(r.graphsInBudget());
        assertTrue(r.loggedActivationIncludesGraphs());
        assertEquals(r, VllmVersions.rules("0.28.1rc1.dev50+gcac8a75a7.d20260828"));
        assertEquals(r, VllmVersions.rules(null), "no --vllm-version: the newest row");
        assertEquals("vLLM 0.27.0+ rules: default --gpu-memory-utilization 0.92; CUDA graphs come out of the budget"
                + " before the KV pool; the 0.27.1 budget line: peak activation includes the graph reservation", r.describe());
    }

    @Test
    void aLogsVersionStringFindsItsRowAndAnUnreadableOneFindsNone() {
        assertEquals(VllmVersions.rules("0.19.0"), VllmVersions.find("0.19.0").orElseThrow());
        assertTrue(VllmVersions.find("0.28.1rc1.dev50+gcac8a75a7.d20260828").orElseThrow().graphsInBudget());
        assertTrue(VllmVersions.find("dev").isEmpty());
        assertTrue(VllmVersions.find(null).isEmpty());
    }

    @Test
    void theEquivalentUtilizationIsTheOneTheV026LogPrints() {
        // shared/fixtures/vllm-logs/85: a 16 GiB slice at 0.95 with a 0.58 GiB graph estimate "is equivalent to
        // --gpu-memory-utilization=0.9139 without CUDA graph memory profiling"
        assertEquals(0.9139, VllmVersions.utilizationWithoutGraphProfiling(0.95, Bytes.fromGib(0.58), Bytes.fromGib(16)),
                0.0005);
    }
}
