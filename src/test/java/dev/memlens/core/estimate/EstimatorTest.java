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
        long fp16 = Estimator.estimate(s, base).bytes(EstimateComponent.WEIGHTS);
        long fp8 = Estimator.estimate(s, base.withDtypes(null, null, QuantizationSpec.parse("fp8"))).bytes(EstimateComponent.WEIGHTS);
        long awq = Estimator.estimate(s, base.withDtypes(null, null, QuantizationSpec.parse("awq"))).bytes(EstimateComponent.WEIGHTS);
        assertEquals(fp16, 8_030_261_248L * 2);
        // fp8 halves the linear layers only: embeddings and lm_head (2 × 525 M params) stay 16-bit
        assertEquals(8_030_261_248L + 2L * 128256 * 4096 + 32L * 2 * 4096 + 4096, fp8);
        assertTrue(awq < fp8 && awq > fp16 / 4, "awq " + awq);
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
