package dev.memlens.core.estimate;

import dev.memlens.core.model.ModelSpec;
import dev.memlens.core.units.Bytes;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FitSolver's vLLM answers and FitCheck's spare figure, at their boundaries. */
class FitAnswersTest {
    private final EstimateRequest vllm = EstimateRequest.of(Engine.VLLM, 1, 128, 128)
            .withGpuTotalBytes(81559 * Bytes.MIB).withVllm(8192, null, false, true);

    @Test
    void smallestUtilizationHoldsTheTargetConcurrencyAndOneStepLessDoesNot() throws Exception {
        ModelSpec s = EstimateValidationTest.llama31();
        double u = FitSolver.minUtilization(s, vllm, 8192, 16).orElseThrow();
        assertTrue(Estimator.estimate(s, vllm.withUtilization(u)).maxConcurrency() >= 16);
        assertTrue(Estimator.estimate(s, vllm.withUtilization(u - FitSolver.UTILIZATION_STEP)).maxConcurrency() < 16);
        // --kv-cache-memory for 16 requests of 8,192 tokens: 16 × 512 blocks × 16 tokens × 128 KiB per token
        assertEquals(16L * 8192 * 128 * 1024, FitSolver.kvCacheMemoryBytes(s, vllm, 16));
    }

    @Test
    void mostConcurrentRequestsAndLongestContextAreTheKvPoolsBoundary() throws Exception {
        ModelSpec s = EstimateValidationTest.llama31();
        int n = FitSolver.maxConcurrency(s, vllm).orElseThrow();
        Estimate e = Estimator.estimate(s, vllm);
        assertEquals((int) Math.floor(e.maxConcurrency()), n);
        int len = FitSolver.maxModelLen(s, vllm, 16, EstimateValidation.MAX_TOKENS).orElseThrow();
        assertTrue(Estimator.estimate(s, vllm.withVllm(len, null, false, true)).maxConcurrency() >= 16);
        assertTrue(Estimator.estimate(s, vllm.withVllm(len + 16, null, false, true)).maxConcurrency() < 16);
    }

    @Test
    void fitCheckSparesTheGpuLessThePeakOrTheKvPoolLessOneRequest() throws Exception {
        ModelSpec s = EstimateValidationTest.llama31();
        EstimateRequest t = EstimateRequest.of(Engine.TRANSFORMERS, 1, 1024, 128).withGpuTotalBytes(Bytes.fromGib(24));
        FitCheck c = FitCheck.of(s, t);
        assertTrue(c.fits());
        assertEquals(Bytes.fromGib(24) - c.estimate().peakBytes(), c.spareBytes());
        assertTrue(c.line().startsWith("fits, with ") && c.line().endsWith(" GiB to spare"), c.line());
        FitCheck no = FitCheck.of(s, t.withGpuTotalBytes(Bytes.fromGib(12)));
        assertFalse(no.fits());
        assertTrue(no.line().startsWith("does not fit: ") && no.line().endsWith(" GiB short"), no.line());
        FitCheck v = FitCheck.of(s, vllm);
        assertEquals(v.estimate().bytes(EstimateComponent.KV_CACHE) - 8192L * 128 * 1024, v.spareBytes());
        assertTrue(v.line().endsWith("GiB of KV cache to spare"), v.line());
    }
}
