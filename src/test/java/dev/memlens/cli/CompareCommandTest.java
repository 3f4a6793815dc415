package dev.memlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memlens.testutil.Resources;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CompareCommandTest {
    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = MemLensCommand.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private static String report(String name) {
        return Resources.path("report/" + name).toString();
    }

    @ParameterizedTest(name = "{0} with --calc-total {1} exits {2}")
    @CsvSource({
            "v1-readme.json, 15.2, 0",
            "v1-readme.json, 12.0, 1",
            "v2-enhanced.json, 74.0, 0",
            "v2-enhanced.json, 22.56, 1",
            "v3-timeline.json, 80, 0",
            "transformers-profile-model-memory.json, 15.0, 0",
            "transformers-profile-model-memory.json, 20.0, 1",
            "vllm-api-profile-vllm-model.json, 72.0, 0",
            "vllm-api-profile-vllm-model.json, 16.0, 1",
    })
    void theReadmeFormGivesTheVerdictAsExitCode(String file, String total, int exit) {
        Result r = run("compare", report(file), "--calc-total", total, "--show-breakdown");
        assertEquals(exit, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains(exit == 0 ? "✓ pass" : "✗ fail"), r.out());
        assertTrue(r.out().contains("Memory account"), r.out());
    }

    @Test
    void theOriginalFourFlagsWorkAndTheJsonHasTheDocumentedShape() throws Exception {
        Result r = run("compare", report("v1-readme.json"), "--calc-weights", "13.5", "--calc-kv", "0.5",
                "--calc-activations", "0.2", "--calc-overhead", "0.1", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(4, json.get("rows").size());
        JsonNode kv = json.get("rows").get(1);
        assertEquals("kv_cache", kv.get("component").asText());
        assertEquals(0.4, kv.get("actual_gb").asDouble(), 1e-9);
        assertEquals(0.5, kv.get("calculated_gb").asDouble(), 1e-9);
        assertEquals(-0.1, kv.get("diff_gb").asDouble(), 1e-9);
        assertEquals(-20.0, kv.get("percent_diff").asDouble(), 1e-9);
        assertEquals("warn", kv.get("verdict").asText());
        assertEquals(14.2, json.get("total").get("actual_gb").asDouble(), 1e-9);
        assertEquals(14.3, json.get("total").get("calculated_gb").asDouble(), 1e-9);
        assertTrue(json.get("pass").asBoolean());
        assertEquals(10.0, json.get("tolerance_pct").asDouble());
    }

    @Test
    void aNullParameterCountDoesNotCrash() {
        Result r = run("compare", report("vllm-api-profile-vllm-model.json"), "--calc-weights", "15", "--calc-kv", "50",
                "--calc-activations", "0.5", "--calc-overhead", "5");
        assertEquals(0, r.exit(), r.err());
    }

    @Test
    void theCalculatorValuesRecordedInAReportAreUsedWithoutFlags() {
        Result r = run("compare", report("v2-enhanced.json"));
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.out().contains("✗ fail +230.2 % — Outside ±10 % of the calculated total"), r.out());
    }

    @Test
    void noCalculatorValuesAnywhereIsBadUsage() {
        Result r = run("compare", report("v1-readme.json"));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("holds no calculator values: pass --calc-total GB"), r.err());
    }

    @Test
    void someComponentsWithoutATotalIsBadUsage() {
        Result r = run("compare", report("v1-readme.json"), "--calc-weights", "13");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("all four of --calc-weights"), r.err());
    }

    @Test
    void unreadableReportsAreBadInputWithTheFileNamed() {
        Result r = run("compare", report("wrong-type.json"), "--calc-total", "14");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("wrong-type.json: field 'memory_breakdown.model_weights_gb'"), r.err());
        assertEquals(2, run("compare", "/no/such/report.json", "--calc-total", "14").exit());
    }

    @Test
    void gibUnitAndToleranceApply() {
        // 14.2 GB measured = 13.22 GiB; 12.5 GiB calculated is +5.8 %: fails at 5 %, passes at 6 %
        assertEquals(1, run("compare", report("v1-readme.json"), "--calc-total", "12.5", "--unit", "gib", "--tolerance", "5").exit());
        Result r = run("compare", report("v1-readme.json"), "--calc-total", "12.5", "--unit", "gib", "--tolerance", "6");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("GiB"), r.out());
        assertEquals(2, run("compare", report("v1-readme.json"), "--calc-total", "12", "--unit", "tb").exit());
        assertEquals(2, run("compare", report("v1-readme.json"), "--calc-total", "-3").exit());
    }

    @Test
    void aReportWithoutAMeasuredTotalIsJudgedOnlyOnWhatWasMeasured(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("no-total.json");
        java.nio.file.Files.writeString(file, """
                {"schema_version": "memlens-1", "mode": "hf", "status": "failed", "model_info": {"name": "m"},
                 "memory_breakdown": {},
                 "memory_account": {"total_bytes": null, "items": [
                   {"component": "weights", "bytes": 2000000000, "kind": "measured", "source": "torch-allocator", "note": ""},
                   {"component": "kv_cache", "bytes": null, "kind": "unknown", "source": null, "note": "generate failed"}]}}
                """);
        Result r = run("compare", file.toString(), "--calc-weights", "2", "--calc-kv", "1", "--calc-activations", "0.5",
                "--calc-overhead", "0.5", "--json");
        assertEquals(2, r.exit(), "no measured total: the total cannot be judged");
        assertTrue(r.err().contains("has no measured total"), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertTrue(json.get("pass").isNull());
        assertEquals("ok", json.get("rows").get(0).get("verdict").asText(), "the measured weights are judged");
        assertTrue(json.get("rows").get(1).get("verdict").isNull(), "the unknown KV cache is not");
        assertTrue(json.get("total").get("verdict").isNull());
        Result text = run("compare", file.toString(), "--calc-total", "4");
        assertTrue(text.out().contains("— no verdict"), text.out());
        assertTrue(text.out().contains("This run failed"), "the banner over a failed run: " + text.out());
    }
}
