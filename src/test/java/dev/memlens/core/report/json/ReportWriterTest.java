package dev.memlens.core.report.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memlens.core.compare.ComparisonResult;
import dev.memlens.core.compare.ComparisonRow;
import dev.memlens.core.compare.MemoryComparison;
import dev.memlens.core.report.AccountComponent;
import dev.memlens.core.report.CalculatorValues;
import dev.memlens.core.report.FigureKind;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.MemoryAccount;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.library.ReportFiles;
import dev.memlens.core.sample.SampleReports;
import dev.memlens.core.units.Format;
import dev.memlens.testutil.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    @TempDir
    Path dir;

    @Test
    void roundTripKeepsTheAccountTheTimelineAndTheCalculatorFormulas() throws Exception {
        ProfileReport sample = SampleReports.bundledH200Run().withCalculator(new CalculatorValues(
                Map.of(MemoryComponent.WEIGHTS, 13_480_000_000L), 20_000_000_000L, "memlens estimator",
                Map.of(MemoryComponent.WEIGHTS, "6.74e9 parameters × 2 bytes"), "sum of the four"));
        Path file = dir.resolve("run.json");
        ReportFiles.save(sample, file);
        ProfileReport back = ReportReader.read(file);
        assertEquals("memlens", back.sourceShape());
        assertEquals(sample.account(), back.account());
        assertEquals(sample.timeline(), back.timeline());
        assertEquals(sample.phases(), back.phases());
        assertEquals(sample.calculator(), back.calculator());
        assertEquals("6.74e9 parameters × 2 bytes", back.calculator().formulas().get(MemoryComponent.WEIGHTS));
        assertEquals(sample.gpus(), back.gpus());
        assertEquals(sample.startedAt(), back.startedAt());
        assertEquals(sample.mode(), back.mode());
    }

    @Test
    void reopeningReproducesEveryPercentageFromTheExactBytes() throws Exception {
        // +14.15 %: rounded GB would give +14.2 % or +14.1 % depending on the rounding of both sides
        ProfileReport r = SampleReports.bundledH200Run();
        long total = r.account().totalBytes();
        long calculated = Math.round(total / 1.1415);
        ProfileReport withCalc = r.withCalculator(new CalculatorValues(Map.of(), calculated, "manual")).withTolerance(15.0);
        Path file = dir.resolve("pct.json");
        ReportFiles.save(withCalc, file);
        ProfileReport back = ReportReader.read(file);
        ComparisonResult before = MemoryComparison.of(withCalc).orElseThrow();
        ComparisonResult after = MemoryComparison.of(back).orElseThrow();
        assertEquals(before, after);
        assertEquals(Format.percent(before.total().percentDiff()), Format.percent(after.total().percentDiff()));
        JsonNode saved = new ObjectMapper().readTree(Files.readString(file));
        assertEquals(total, saved.get("comparison").get("total").get("actual_bytes").asLong());
    }

    @Test
    void writesTheAccountAndSeedCompatibleKeysThatFollowIt() {
        JsonNode json = ReportWriter.toJson(SampleReports.bundledH200Run());
        JsonNode b = json.get("memory_breakdown");
        assertEquals(13_476_832_768L, b.get("model_weights_bytes").asLong());
        assertEquals(13.4768, b.get("model_weights_gb").asDouble(), 1e-9);
        assertEquals("torch-allocator", b.get("model_weights_source").asText());
        double four = b.get("model_weights_gb").asDouble() + b.get("kv_cache_gb").asDouble()
                + b.get("activations_gb").asDouble() + b.get("framework_overhead_gb").asDouble();
        assertEquals(b.get("total_measured_gb").asDouble(), four, 0.0005, "the seed's four add up to the total");
        JsonNode account = json.get("memory_account");
        long sum = 0;
        for (JsonNode item : account.get("items")) {
            sum += item.get("bytes").asLong();
        }
        assertEquals(account.get("total_bytes").asLong(), sum);
        assertEquals("Llama-2-7B (llama shape, random weights)", json.get("model_info").get("model_name").asText());
        assertEquals("memlens-1", json.get("schema_version").asText());
    }

    @Test
    void anUnknownComponentIsNullInTheAccountAndAbsentFromTheSeedKeys() throws Exception {
        MemoryAccount a = MemoryAccount.builder().measured(AccountComponent.WEIGHTS, 14_000_000_000L, FigureSource.VLLM_LOG, "w")
                .unknown(AccountComponent.KV_CACHE, "tokens only").total(70_000_000_000L, FigureSource.GPU_SAMPLER, "t").build();
        ProfileReport r = ProfileReport.builder().account(a).build();
        JsonNode json = ReportWriter.toJson(r);
        assertFalse(json.get("memory_breakdown").has("kv_cache_gb"), "unknown is never 0");
        assertFalse(json.get("memory_breakdown").has("framework_overhead_gb"));
        JsonNode kv = json.get("memory_account").get("items").get(1);
        assertEquals("kv_cache", kv.get("component").asText());
        assertTrue(kv.get("bytes").isNull());
        assertEquals("unknown", kv.get("kind").asText());
        Path file = dir.resolve("unknown.json");
        ReportWriter.write(r, null, file);
        ProfileReport back = ReportReader.read(file);
        assertEquals(FigureKind.UNKNOWN, back.account().item(AccountComponent.KV_CACHE).orElseThrow().kind());
        assertEquals(a, back.account());
    }

    @Test
    void numbersArePlainDecimalsNeverExponents() {
        MemoryAccount a = MemoryAccount.builder().measured(AccountComponent.WEIGHTS, 20_000_000_000L, FigureSource.VLLM_LOG, "")
                .total(20_000_000_000L, FigureSource.GPU_SAMPLER, "").build();
        ProfileReport r = ProfileReport.builder().account(a).tolerancePct(10.0)
                .calculator(new CalculatorValues(Map.of(), 10_000_000_000L, "manual")).build();
        String text = ReportWriter.toJsonString(r, null, MemoryComparison.of(r).orElseThrow());
        assertFalse(text.matches("(?s).*\\d[eE][+-]?\\d.*"), text);
        assertTrue(text.contains("\"model_weights_gb\" : 20,"), text);
    }

    @Test
    void unknownFieldsSurviveASave() throws Exception {
        ReportDocument v2 = ReportReader.readDocument(Resources.path("report/v2-enhanced.json"));
        Path file = dir.resolve("v2-saved.json");
        ReportFiles.save(v2, file);
        JsonNode saved = new ObjectMapper().readTree(Files.readString(file));
        assertEquals("vllm_bench_enhanced", saved.get("memory_breakdown").get("estimation_method").asText());
        assertEquals("proposed", saved.get("calculator_comparison").get("validation_status").get("better_formula").asText());
        assertEquals(1, saved.get("benchmark_parameters").get("pipeline_parallel_size").asInt());
        ProfileReport again = ReportReader.read(file);
        assertEquals(v2.report().account().calculatorComponents(), again.account().calculatorComponents());
        assertEquals(v2.report().calculator().totalBytes(), again.calculator().totalBytes());
    }

    @Test
    void theWriterWritesTheComparisonItIsGivenAndJudgesNothing() {
        ProfileReport r = SampleReports.bundledH200Run().withCalculator(new CalculatorValues(Map.of(), 20_000_000_000L, "manual"));
        assertNull(ReportWriter.toJson(r).get("comparison"));
        JsonNode cmp = ReportWriter.toJson(r, null, MemoryComparison.of(r).orElseThrow()).get("comparison");
        assertTrue(cmp.get("pass").asBoolean());
        assertEquals("pass", cmp.get("total").get("verdict").asText());
        assertEquals("✓ pass", cmp.get("total").get("verdict_label").asText());
    }

    @Test
    void aRowWithoutAMeasurementHasANullVerdictInJson() {
        MemoryAccount a = MemoryAccount.builder().unknown(AccountComponent.KV_CACHE, "not logged")
                .total(10_000_000_000L, FigureSource.GPU_SAMPLER, "").build();
        ComparisonResult c = MemoryComparison.compare(a, new CalculatorValues(Map.of(MemoryComponent.KV_CACHE, 5L), 9_000_000_000L,
                "manual"), 10).orElseThrow();
        ComparisonRow kv = c.rows().get(0);
        assertNull(kv.verdict());
        JsonNode row = ComparisonJson.toJson(c).get("rows").get(0);
        assertTrue(row.get("verdict").isNull());
        assertTrue(row.get("actual_gb").isNull());
        assertTrue(row.get("percent_diff").isNull());
    }
}
