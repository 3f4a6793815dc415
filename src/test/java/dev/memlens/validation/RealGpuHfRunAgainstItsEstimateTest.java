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
 * Two real `memlens hf --random-weights` runs on an H200 (2026-12-01, docs/VALIDATION.md), made with main's CLI:
 * the KV cache the run measured (bytes of the cache tensors generate returned) and the estimate's KV cache are the
 * same quantity, so they agree to the byte, and the totals agree within 1 %.
 */
class RealGpuHfRunAgainstItsEstimateTest {

    private static final Path DIR = Path.of("src/test/resources/validation/h200-2026-12-01");

    @ParameterizedTest
    @CsvSource({
            "hf-llama3.2-1b-bf16-b8-512-128-nvml.json, llama3.2-1b, 8, 512, 128, 167510016",
            "hf-qwen2.5-1.5b-bf16-b4-1024-256-nvidia-smi.json, qwen2.5-1.5b, 4, 1024, 256, 146685952"})
    void measuredKvCacheIsTheEstimatesKvCache(String report, String config, int batch, int input, int output,
                                             long kvBytes) throws Exception {
        ProfileReport run = ReportReader.read(DIR.resolve(report));
        assertEquals(RunStatus.COMPLETED, run.status());
        assertEquals(kvBytes, run.account().bytes(AccountComponent.KV_CACHE));
        assertEquals(FigureSource.TORCH_TENSORS, run.account().item(AccountComponent.KV_CACHE).orElseThrow().source());
        assertEquals(FigureKind.MEASURED, run.account().item(AccountComponent.KV_CACHE).orElseThrow().kind());

        ModelSpec spec = ModelSpecs.load(DIR.resolve(config));
        Estimate estimate = Estimator.estimate(spec, EstimateRequest.of(Engine.TRANSFORMERS, batch, input, output)
                .withDtypes("bfloat16", null, null));
        assertEquals(kvBytes, estimate.bytes(EstimateComponent.KV_CACHE),
                "input + output − 1 tokens per sequence, as the returned cache holds");
        double error = (double) estimate.peakBytes() / run.account().totalBytes() - 1;
        assertTrue(Math.abs(error) < 0.01, "total within 1 %: " + error);
    }
}
