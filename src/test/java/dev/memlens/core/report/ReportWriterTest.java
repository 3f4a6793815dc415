package dev.memlens.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memlens.core.sample.SampleReports;
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
    void roundTripKeepsEveryFigureInBytesAndTheTimeline() throws Exception {
        ProfileReport sample = SampleReports.bundledH200Run().withCalculator(new CalculatorValues(
                Map.of(MemoryComponent.WEIGHTS, 13_480_000_000L), 20_000_000_000L, "manual"));
        Path file = dir.resolve("run.json");
        ReportWriter.write(sample, file);
        ProfileReport back = ReportReader.read(file);
        assertEquals("memlens", back.sourceShape());
        assertEquals(sample.measured(), back.measured());
        assertEquals(sample.timeline(), back.timeline());
        assertEquals(sample.phases(), back.phases());
        assertEquals(sample.calculator(), back.calculator());
        assertEquals(sample.gpus(), back.gpus());
        assertEquals(sample.startedAt(), back.startedAt());
    }

    @Test
    void writesSeedCompatibleGbKeysBesideTheBytes() throws Exception {
        JsonNode json = ReportWriter.toJson(SampleReports.bundledH200Run());
        JsonNode b = json.get("memory_breakdown");
        assertEquals(13_476_832_768L, b.get("model_weights_bytes").asLong());
        assertEquals(13.4768, b.get("model_weights_gb").asDouble(), 1e-9);
        assertEquals("torch-allocator", b.get("model_weights_source").asText());
        assertTrue(b.has("total_measured_gb"));
        assertEquals("Llama-2-7B (llama shape, random weights)", json.get("model_info").get("model_name").asText());
        assertEquals("memlens-1", json.get("schema_version").asText());
    }

    @Test
    void unknownFieldsSurviveASave() throws Exception {
        ProfileReport v2 = ReportReader.read(Resources.path("report/v2-enhanced.json"));
        Path file = dir.resolve("v2-saved.json");
        ReportWriter.write(v2, file);
        JsonNode saved = new ObjectMapper().readTree(Files.readString(file));
        assertEquals("vllm_bench_enhanced", saved.get("memory_breakdown").get("estimation_method").asText());
        assertEquals("proposed", saved.get("calculator_comparison").get("validation_status").get("better_formula").asText());
        assertEquals(1, saved.get("benchmark_parameters").get("pipeline_parallel_size").asInt());
        ProfileReport again = ReportReader.read(file);
        assertEquals(v2.measured().components(), again.measured().components());
        assertEquals(v2.calculator().totalBytes(), again.calculator().totalBytes());
    }

    @Test
    void writesTheComparisonWhenCalculatorValuesArePresent() {
        ProfileReport r = SampleReports.bundledH200Run().withCalculator(new CalculatorValues(Map.of(), 20_000_000_000L, "manual"));
        JsonNode cmp = ReportWriter.toJson(r).get("comparison");
        assertTrue(cmp.get("pass").asBoolean());
        assertEquals("ok", cmp.get("total").get("verdict").asText());
    }
}
