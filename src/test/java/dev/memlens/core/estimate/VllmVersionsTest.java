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
    void theEquivalentUtilizationIsTheOneTheV026LogPrints() {
        // shared/fixtures/vllm-logs/85: a 16 GiB slice at 0.95 with a 0.58 GiB graph estimate "is equivalent to
        // --gpu-memory-utilization=0.9139 without CUDA graph memory profiling"
        assertEquals(0.9139, VllmVersions.utilizationWithoutGraphProfiling(0.95, Bytes.fromGib(0.58), Bytes.fromGib(16)),
                0.0005);
    }
}
