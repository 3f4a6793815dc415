package dev.memlens.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.estimate.Engine;
import dev.memlens.core.estimate.Estimate;
import dev.memlens.core.estimate.EstimateComponent;
import dev.memlens.core.estimate.EstimateRequest;
import dev.memlens.core.estimate.Estimator;
import dev.memlens.core.model.ModelSpec;
import dev.memlens.core.model.ModelSpecs;
import dev.memlens.core.report.AccountComponent;
import dev.memlens.core.report.FigureKind;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunStatus;
import dev.memlens.core.report.json.ReportReader;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two real `memlens hf --random-weights` runs of sliding-window models on an H200 (2026-12-01, fifth session,
 * docs/VALIDATION.md), made with main's CLI at 1aaf8e9: Gemma-2-2B b2 8192+64 (13 of 26 layers slide, window 4096)
 * and Phi-3-mini b2 3072+128 (every layer slides, window 2047). The cache generate returns keeps a view of the last
 * window − 1 tokens in each sliding layer; the estimate counts the storage under it, the window: exactly one token
 * per sliding layer's K and V more. Before the estimate counted the whole sequence in every layer (+34 % and +56 %).
 * Weights are the allocator's (parameters + each tensor's rounding) on both sides, and the totals within 0.5 %.
 */
class RealGpuSlidingWindowHfRunsAgainstTheirEstimateTest {

    private static final Path DIR = Path.of("src/test/resources/validation/h200-2026-12-01-sliding");

    @ParameterizedTest
    @CsvSource({
            "hf-gemma2-2b-bf16-b2-8192-64-nvml.json, gemma-2-2b, 2, 8192, 64, 13, 1024, 1315225600",
            "hf-phi3-mini-bf16-b2-3072-128-nvidia-smi.json, phi3-mini, 2, 3072, 128, 32, 3072, 1609039872"})
    void theMeasuredCacheIsTheWindowLessOneTokenAndTheEstimateItsStorage(String report, String config, int batch,
            int input, int output, int slidingLayers, int kvDim, long measuredKv) throws Exception {
        ProfileReport run = ReportReader.read(DIR.resolve(report));
        assertEquals(RunStatus.COMPLETED, run.status());
        var kvItem = run.account().item(AccountComponent.KV_CACHE).orElseThrow();
        assertEquals(measuredKv, kvItem.bytes());
        assertEquals(FigureSource.TORCH_TENSORS, kvItem.source());
        assertEquals(FigureKind.MEASURED, kvItem.kind());

        ModelSpec spec = ModelSpecs.load(DIR.resolve(config).resolve("config.json"));
        Estimate estimate = Estimator.estimate(spec, EstimateRequest.of(Engine.TRANSFORMERS, batch, input, output)
                .withDtypes("bfloat16", null, null));
        long oneTokenPerSlidingLayer = 2L * batch * slidingLayers * kvDim * 2;
        assertEquals(measuredKv + oneTokenPerSlidingLayer, estimate.bytes(EstimateComponent.KV_CACHE));
        long measuredWeights = run.account().bytes(AccountComponent.WEIGHTS);
        assertEquals(measuredWeights, estimate.bytes(EstimateComponent.WEIGHTS), 2L << 20,
                "memory_allocated after loading against parameters + rounding (norm weights aside)");
        double error = (double) estimate.peakBytes() / run.account().totalBytes() - 1;
        assertTrue(error > 0 && error < 0.005, "total within +0.5 %: " + error);
    }
}
