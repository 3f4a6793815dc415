package dev.memlens.core.estimate;

import dev.memlens.core.model.ModelSpec;
import dev.memlens.core.model.ModelSpecs;
import dev.memlens.core.model.QuantizationSpec;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.units.Bytes;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EstimatorTest {
    static ModelSpec llama31() throws Exception {
        return ModelSpecs.load(Path.of("src/test/resources/estimate/configs/llama3.1-8b.json"));
    }

    @Test
    void kvBytesPerTokenFollowHeadsTpDtypeAndMla() throws Exception {
        ModelSpec s = llama31();
        assertEquals(128 * 1024, KvCacheSizer.bytesPerToken(s, 1, 2));
        assertEquals(64 * 1024, KvCacheSizer.bytesPerToken(s, 2, 2));
        assertEquals(64 * 1024, KvCacheSizer.bytesPerToken(s, 1, KvCacheSizer.elementBytes(s, "fp8", null)));
        assertEquals(16 * 1024, KvCacheSizer.bytesPerToken(s, 16, 2), "8 KV heads on 16 ranks are replicated: one per rank");
        ModelSpec ds = ModelSpecs.load(Path.of("src/test/resources/estimate/configs/deepseek-v2-lite.json"));
        assertEquals(27 * 576 * 2, KvCacheSizer.bytesPerToken(ds, 1, 2));
    }

    @Test
    void tensorParallelSplitsWeightsAndKvPerGpu() throws Exception {
        ModelSpec s = llama31();
        EstimateRequest one = EstimateRequest.of(Engine.TRANSFORMERS, 4, 1024, 128);
        Estimate e1 = Estimator.estimate(s, one);
        Estimate e2 = Estimator.estimate(s, one.withTensorParallel(2));
        assertEquals(e1.bytes(EstimateComponent.WEIGHTS) / 2, e2.bytes(EstimateComponent.WEIGHTS));
        assertEquals(e1.bytes(EstimateComponent.KV_CACHE) / 2, e2.bytes(EstimateComponent.KV_CACHE), 1);
        assertTrue(e2.peakBytes() < e1.peakBytes());
    }

    @Test
    void quantizationOverridesShrinkWeights() throws Exception {
        ModelSpec s = llama31();
        EstimateRequest base = EstimateRequest.of(Engine.TRANSFORMERS, 1, 512, 16);
        long fp16 = parameterBytes(Estimator.estimate(s, base));
        long fp8 = parameterBytes(Estimator.estimate(s, base.withDtypes(null, null, QuantizationSpec.parse("fp8"))));
        long awq = parameterBytes(Estimator.estimate(s, base.withDtypes(null, null, QuantizationSpec.parse("awq"))));
        assertEquals(fp16, 8_030_261_248L * 2);
        // fp8 halves the linear layers only: embeddings and lm_head (2 × 525 M params) stay 16-bit
        assertEquals(8_030_261_248L + 2L * 128256 * 4096 + 32L * 2 * 4096 + 4096, fp8);
        assertTrue(awq < fp8 && awq > fp16 / 4, "awq " + awq);
    }

    @Test
    void transformersWeightsAreTheParametersPlusEachTensorsRoundingAsTheAllocatorHoldsThem() throws Exception {
        // Llama-3.1-8B bf16: every matrix is a whole number of 2 MiB, nothing is rounded. Llama-2-13B fp16: each of
        // the 13,824-wide projections (3 × 40 of 135 MiB) keeps its 136 MiB segment whole, 120 MiB that
        // memory_allocated after loading counts (the runs measure 24,945.8 MiB for 24,825.8 MiB of parameters)
        Estimate e = Estimator.estimate(llama31(), EstimateRequest.of(Engine.TRANSFORMERS, 1, 512, 16));
        var weights = e.components().get(EstimateComponent.WEIGHTS);
        assertEquals(0L, ((Number) weights.inputs().get("rounding_bytes")).longValue());
        assertEquals(parameterBytes(e), weights.bytes());
        assertTrue(weights.formula().contains("rounding of each weight tensor"), weights.formula());
        ModelSpec llama2 = ModelSpecs.load(Path.of("src/test/resources/estimate/runs/llama2-13b-fp16-b4-1024-128/config.json"));
        Estimate e2 = Estimator.estimate(llama2, EstimateRequest.of(Engine.TRANSFORMERS, 4, 1024, 128));
        var w2 = e2.components().get(EstimateComponent.WEIGHTS);
        assertEquals(120 * Bytes.MIB, ((Number) w2.inputs().get("rounding_bytes")).longValue());
        assertEquals(parameterBytes(e2) + 120 * Bytes.MIB, w2.bytes());
    }

    private static long parameterBytes(Estimate e) {
        return ((Number) e.components().get(EstimateComponent.WEIGHTS).inputs().get("parameter_bytes")).longValue();
    }

    @Test
    void transformersEstimateHasNoVllmFiguresAndMapsToCalculatorComponents() throws Exception {
        Estimate e = Estimator.estimate(llama31(), EstimateRequest.of(Engine.TRANSFORMERS, 2, 256, 32));
        assertNull(e.kvCacheTokens());
        assertNull(e.bytes(EstimateComponent.CUDA_GRAPHS));
        assertNull(e.fits());
        Map<MemoryComponent, Long> calc = e.calculatorComponents();
        long sum = calc.values().stream().mapToLong(Long::longValue).sum();
        assertEquals(e.peakBytes(), sum, "the four calculator components add up to the peak");
        e.components().values().forEach(f -> assertFalse(f.formula().isBlank()));
    }

    @Test
    void fitSolverFindsTheLargestBatchAndSmallestUtilization() throws Exception {
        ModelSpec s = llama31();
        EstimateRequest r = EstimateRequest.of(Engine.TRANSFORMERS, 1, 2048, 256).withGpuTotalBytes(Bytes.fromGib(24));
        int max = FitSolver.maxBatch(s, r, 64).orElseThrow();
        assertTrue(Estimator.estimate(s, r.withBatchAndLengths(max, 2048, 256)).fits());
        assertFalse(Estimator.estimate(s, r.withBatchAndLengths(max + 1, 2048, 256)).fits());
        EstimateRequest v = EstimateRequest.of(Engine.VLLM, 1, 128, 128).withGpuTotalBytes(81559 * Bytes.MIB);
        double u = FitSolver.minUtilization(s, v, 32768).orElseThrow();
        assertTrue(Estimator.estimate(s, v.withUtilization(u).withVllm(32768, null, false, true)).fits());
        assertFalse(Estimator.estimate(s, v.withUtilization(u - 0.005).withVllm(32768, null, false, true)).fits());
    }

    @Test
    void gpuPresetsUseTheDriverReportedTotalWhereKnown() {
        assertEquals(81559 * Bytes.MIB, GpuPresets.find("h100").orElseThrow().totalBytes());
        assertEquals(143771 * Bytes.MIB, GpuPresets.find("H200").orElseThrow().totalBytes());
        assertEquals(Bytes.fromGb(24), GpuPresets.find("rtx-4090").orElseThrow().totalBytes());
        assertEquals(42, GpuPresets.all().size());
    }
}
