package dev.memlens.core.report.json;

import dev.memlens.core.report.*;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.report.MemoryComponent;
import dev.memlens.testutil.Resources;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportReaderTest {

    private static ProfileReport read(String name) throws ReportFormatException {
        return ReportReader.read(Resources.path("report/" + name));
    }

    @Test
    void readsTheReadmeV1Shape() throws Exception {
        ProfileReport r = read("v1-readme.json");
        assertEquals("v1", r.sourceShape());
        assertEquals(RunMode.BENCH, r.mode());
        assertEquals("meta-llama/Llama-2-7b-hf", r.model().name());
        assertEquals(6_738_415_616L, r.model().numParameters());
        assertEquals(13_500_000_000L, r.account().bytes(AccountComponent.WEIGHTS));
        assertEquals(14_200_000_000L, r.account().totalBytes());
        assertEquals(0.44, r.latency().percentile("50"));
        assertEquals(8, r.parameters().batchSize());
        assertEquals(FigureSource.RESIDUAL, r.account().item(AccountComponent.UNATTRIBUTED).orElseThrow().source());
        assertTrue(!r.hasCalculatorValues());
    }

    @Test
    void readsTheEnhancedV2ShapeWithItsRecordedCalculatorFormula() throws Exception {
        ProfileReport r = read("v2-enhanced.json");
        assertEquals("v2", r.sourceShape());
        assertEquals("bfloat16", r.parameters().kvCacheDtype());
        assertEquals("0.10.1", r.engine().engineVersion());
        assertEquals(500_000_000L, r.account().baselineBytes());
        assertEquals(6.12, r.latency().percentile("50"));
        assertEquals(3, r.latency().latencies().size());
        assertEquals(22_560_000_000L, r.calculator().totalBytes());
        assertEquals(1_670_000_000L, r.calculator().components().get(MemoryComponent.FRAMEWORK_OVERHEAD));
        assertTrue(r.calculator().source().contains("v1.0"));
        assertEquals(74_000_000_000L, r.account().details().get("net_increase").bytes());
    }

    @Test
    void readsTheV3ShapeWithItsTimelineAndVllmSources() throws Exception {
        ProfileReport r = read("v3-timeline.json");
        assertEquals("v3", r.sourceShape());
        assertEquals(FigureSource.VLLM_LOG, r.account().item(AccountComponent.WEIGHTS).orElseThrow().source());
        assertEquals(FigureSource.FORMULA, r.account().item(AccountComponent.ACTIVATIONS).orElseThrow().source());
        assertEquals(550_000_000L, r.account().details().get("graph_capture").bytes());
        GpuTimeline t = r.timeline().get(0);
        assertEquals(5, t.size());
        assertEquals(0, t.elapsedMillis(0));
        assertEquals(400, t.elapsedMillis(4));
        assertEquals(76_300_000_000L, t.usedBytes(t.peakIndex()));
        assertEquals(Boolean.FALSE, r.parameters().enforceEager());
    }

    @Test
    void readsTheTransformersScriptShapeWithTotalGbAsTheTotal() throws Exception {
        ProfileReport r = read("transformers-profile-model-memory.json");
        assertEquals("transformers", r.sourceShape());
        assertEquals(RunMode.HF, r.mode());
        assertEquals("float16", r.model().dtype());
        assertEquals("/models/llama-2-7b", r.model().name());
        assertEquals(15_690_000_000L, r.account().totalBytes());
        assertEquals(FigureSource.TORCH_ALLOCATOR, r.account().item(AccountComponent.WEIGHTS).orElseThrow().source());
        assertEquals(15_691_924_480L, r.account().details().get("peak_allocated").bytes());
        assertEquals(256, r.parameters().outputLen());
    }

    @Test
    void readsTheApiProfilerShapeWithANullParameterCount() throws Exception {
        ProfileReport r = read("vllm-api-profile-vllm-model.json");
        assertEquals("vllm-api", r.sourceShape());
        assertNull(r.model().numParameters());
        assertEquals(72_410_000_000L, r.account().totalBytes());
        assertEquals(72_400_000_000L, r.gpus().devices().get(0).baselineUsedBytes());
        assertEquals(1.84, r.latency().avgSeconds());
    }

    @Test
    void malformedJsonNamesTheFileAndThePosition() {
        var e = assertThrows(ReportFormatException.class, () -> read("truncated.json"));
        assertTrue(e.getMessage().contains("truncated.json: not valid JSON at line"), e.getMessage());
    }

    @Test
    void aWrongTypeNamesTheFileTheFieldAndTheProblem() {
        var e = assertThrows(ReportFormatException.class, () -> read("wrong-type.json"));
        assertTrue(e.getMessage().contains("wrong-type.json: field 'memory_breakdown.model_weights_gb': expected a number,"
                + " found the text \"13.5 GB\""), e.getMessage());
    }

    @Test
    void aFileWithoutABreakdownIsRejectedWithWhatToOpenInstead() {
        var e = assertThrows(ReportFormatException.class, () -> read("not-a-report.json"));
        assertTrue(e.getMessage().contains("field 'memory_breakdown': missing"), e.getMessage());
    }

    @Test
    void aMissingFileSaysSo(@TempDir Path dir) {
        var e = assertThrows(ReportFormatException.class, () -> ReportReader.read(dir.resolve("nope.json")));
        assertTrue(e.getMessage().endsWith("nope.json does not exist: check the path"), e.getMessage());
    }
}
