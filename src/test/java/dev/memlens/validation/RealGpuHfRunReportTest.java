package dev.memlens.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.memlens.cli.MemLensCommand;
import dev.memlens.core.report.AccountComponent;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunMode;
import dev.memlens.core.report.json.ReportReader;
import dev.memlens.core.report.RunStatus;
import dev.memlens.testutil.Resources;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The reports of the real `memlens hf --random-weights` runs on an H200 (docs/VALIDATION.md): they read back, carry
 * every figure's source, add up to the sampler's total, and pass `memlens compare` against the estimate.
 */
class RealGpuHfRunReportTest {

    @ParameterizedTest
    @CsvSource({
            "h200-hf-llama32-1b-bf16-b4-512-128.json, 4, 2.4716, 0.0671, 0.4257, 0.8011, 3.7656",
            "h200-hf-llama32-1b-bf16-b32-512-128.json, 32, 2.4716, 0.5369, 1.0066, 1.0926, 5.1077"})
    void realReportIsCompleteAndMatchesTheEstimate(String file, int batch, String weights, String kv, String activations,
                                                   String overhead, String total) throws Exception {
        Path path = Resources.path("validation/" + file);
        ProfileReport r = ReportReader.read(path);

        assertEquals(RunStatus.COMPLETED, r.status());
        assertEquals(RunMode.HF, r.mode());
        assertEquals(batch, r.parameters().batchSize());
        assertEquals(2472678912L, r.account().bytes(AccountComponent.WEIGHTS), "allocated after loading");
        assertEquals(FigureSource.TORCH_ALLOCATOR, r.account().item(AccountComponent.WEIGHTS).orElseThrow().source());
        assertEquals(2L * 16 * 8 * 64 * batch * 640 * 2, r.account().bytes(AccountComponent.KV_CACHE));
        assertEquals(FigureSource.GPU_SAMPLER, r.account().totalSource());
        long sum = 0;
        for (long v : r.account().calculatorComponents().values()) {
            sum += v;
        }
        assertEquals(r.account().totalBytes(), sum, "the four close the sampler's total");
        assertFalse(r.timeline().isEmpty(), "sampled during the run");
        assertEquals(r.account().totalBytes(), r.timeline().get(0).usedBytes(r.timeline().get(0).peakIndex())
                - r.account().baselineBytes());

        int exit = MemLensCommand.newCommandLine().setOut(new java.io.PrintWriter(new java.io.StringWriter()))
                .execute("compare", path.toString(), "--calc-weights", weights, "--calc-kv", kv, "--calc-activations",
                        activations, "--calc-overhead", overhead, "--calc-total", total);
        assertEquals(0, exit, "the measured total is within ±10 % of the estimate");
    }
}
