package dev.memlens.core.report.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.report.CalculatorValues;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.report.ModelInfo;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.FailureKind;
import dev.memlens.core.report.RunFailure;
import dev.memlens.core.report.RunMode;
import dev.memlens.core.report.RunStatus;
import dev.memlens.core.sample.SampleReports;
import dev.memlens.core.units.MemoryUnit;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** Parses the HTML report with the JDK's XML parser (the writer emits well-formed XHTML) and queries it. */
class HtmlReportWriterTest {
    private static final long GIB = 1L << 30;
    private final XPath xpath = XPathFactory.newInstance().newXPath();

    @TempDir
    Path dir;

    private static ProfileReport sampleWithCalculator() {
        ProfileReport s = SampleReports.bundledH200Run();
        return s.withCalculator(new CalculatorValues(Map.of(
                MemoryComponent.WEIGHTS, 13_480_000_000L, MemoryComponent.KV_CACHE, 2_150_000_000L,
                MemoryComponent.ACTIVATIONS, 270_000_000L, MemoryComponent.FRAMEWORK_OVERHEAD, 4_900_000_000L),
                null, "llm-sizer"));
    }

    @Test
    void writesAParseableFileWithTheComparisonTableChartsAndParameters() throws Exception {
        ProfileReport r = sampleWithCalculator();
        Path file = dir.resolve("report.html");
        HtmlReportWriter.write(r, MemoryUnit.GB, file);
        Document doc = parse(Files.readString(file));

        NodeList rows = nodes(doc, "//table[@id='comparison']/tbody/tr");
        assertEquals(5, rows.getLength(), "four components and the total");
        assertEquals("Model weights", text(doc, "//table[@id='comparison']/tbody/tr[1]/td[1]"));
        assertEquals("13.48", text(doc, "//table[@id='comparison']/tbody/tr[1]/td[3]"));
        assertEquals("✗ bad", text(doc, "//table[@id='comparison']/tbody/tr[3]/td[6]"), "activations: 0.07 vs 0.27 GB");
        assertEquals("derived", text(doc, "//table[@id='comparison']/tbody/tr[2]/td[8]"), "the KV cache is a formula here");
        assertTrue(text(doc, "//table[@id='comparison']/tbody/tr[3]/td[7]").startsWith("Measured activations are lower"));
        assertEquals("Total", text(doc, "//table[@id='comparison']/tbody/tr[5]/td[1]"));
        assertTrue(text(doc, "//div[@id='verdict']").startsWith("✓ pass"));
        assertEquals("✓ pass", text(doc, "//table[@id='comparison']/tbody/tr[5]/td[6]"));

        assertEquals(r.account().items().size() + 1 + (r.account().baselineBytes() == null ? 0 : 1)
                + r.account().details().size(), nodes(doc, "//table[@id='breakdown']/tbody/tr").getLength());
        assertEquals("measured", text(doc, "//table[@id='breakdown']/tbody/tr[1]/td[3]"));
        assertEquals("torch-allocator", text(doc, "//table[@id='breakdown']/tbody/tr[1]/td[4]"));
        assertEquals("8", text(doc, "//table[@id='parameters']//tr[th='Batch size']/td"));
        assertEquals(r.gpus().devices().size(), nodes(doc, "//table[@id='gpus']/tbody/tr").getLength());
        assertEquals("completed", text(doc, "//span[@id='status']"));
    }

    @Test
    void theTimelineSvgHasALinePerGpuPhaseBandsAndMarkersAndTheBarsAStackPerSide() throws Exception {
        ProfileReport r = sampleWithCalculator();
        Document doc = parse(HtmlReportWriter.toHtml(r, MemoryUnit.GIB));
        assertEquals(r.timeline().size(), nodes(doc, "//figure[@id='timeline-chart']/svg/polyline[@class='series']").getLength());
        long bands = r.phases().stream().filter(p -> !p.phase().equals("idle")).count();
        assertTrue(bands > 0);
        assertTrue(nodes(doc, "//figure[@id='timeline-chart']/svg/g[@class='phase']").getLength() >= bands - 1);
        assertEquals(1, nodes(doc, "//svg//g[@class='marker peak']").getLength());
        assertEquals(1, nodes(doc, "//svg//g[@class='marker baseline']").getLength());
        String peakLabel = text(doc, "//svg//g[@class='marker peak']/text");
        assertTrue(peakLabel.startsWith("peak ") && peakLabel.contains("GiB"), peakLabel);
        assertEquals(4, nodes(doc, "//figure[@id='breakdown-chart']//g[@data-bar='Calculated']/rect").getLength());
        assertTrue(nodes(doc, "//figure[@id='breakdown-chart']//g[@data-bar='Measured']/rect").getLength() >= 3);
        String points = text(doc, "//figure[@id='timeline-chart']/svg/polyline/@points");
        assertTrue(points.trim().split(" ").length <= 1200, "long timelines are reduced");
    }

    @Test
    void escapesEveryTextFromTheReportAndHasNoScriptsOrExternalResources() throws Exception {
        ProfileReport s = SampleReports.bundledH200Run();
        ProfileReport r = s.toBuilder().status(RunStatus.FAILED, "<b>OOM</b> & \"bye\"").mode(RunMode.BENCH)
                .model(ModelInfo.named("<script>alert('x')</script>")).failures(List.of(new RunFailure(FailureKind.ENGINE,
                        "cuda-oom", "CUDA out of memory: tried <1 GiB>", "Lower --gpu-memory-utilization & retry")))
                .build();
        String html = HtmlReportWriter.toHtml(r, MemoryUnit.GIB);
        assertFalse(html.contains("<script"), "no script element, and the model name is escaped");
        assertFalse(html.contains("<b>OOM"));
        assertFalse(html.contains("src=\"http") || html.contains("href=\"http"), "nothing loaded from the network");
        Document doc = parse(html);
        assertEquals("<script>alert('x')</script>", text(doc, "//h1"));
        assertEquals("MemLens report: <script>alert('x')</script>", text(doc, "//title"));
        assertEquals("CUDA out of memory: tried <1 GiB>", text(doc, "//table[@id='failures']/tbody/tr[1]/td[2]"));
        assertEquals("failed", text(doc, "//span[@id='status']"));
        assertTrue(text(doc, "//p[@id='banner']").contains("what was measured until then"), "a failed run says so");
        assertEquals("cuda-oom", text(doc, "//table[@id='failures']/tbody/tr[1]/td[1]"));
        assertEquals("No calculator values", text(doc, "//div[@id='verdict']/div[1]"));
        assertEquals(0, nodes(doc, "//table[@id='comparison']").getLength());
    }

    @Test
    void aReportWithoutTimelineStillGivesValidChartsAndTotalOnlyCalculatorShowsAnOutline() throws Exception {
        ProfileReport s = SampleReports.bundledH200Run();
        ProfileReport r = ProfileReport.builder().status(RunStatus.COMPLETED, null).mode(RunMode.BENCH)
                .model(ModelInfo.named("empty")).account(s.account())
                .calculator(new CalculatorValues(Map.of(), 20 * GIB, "manual")).tolerancePct(5.0).build();
        Document doc = parse(HtmlReportWriter.toHtml(r, MemoryUnit.GIB));
        assertEquals(0, nodes(doc, "//polyline").getLength());
        assertEquals(1, nodes(doc, "//g[@data-bar='Calculated']/rect").getLength());
        assertEquals(1, nodes(doc, "//table[@id='comparison']/tbody/tr").getLength(), "only the total row");
        assertTrue(text(doc, "//table[@id='comparison']/tbody/tr[1]/td[7]").contains("±5 %"));
    }

    @Test
    void runParametersAndDetailFiguresCarryHumanNamesNotRawKeys() throws Exception {
        ProfileReport s = SampleReports.bundledH200Run();
        var p = s.parameters();
        ProfileReport r = s.toBuilder().parameters(new dev.memlens.core.report.BenchmarkParameters(p.inputLen(),
                p.outputLen(), p.batchSize(), p.dtype(), p.tensorParallelSize(), p.quantization(), p.kvCacheDtype(),
                p.numItersWarmup(), p.numIters(), 4096, 0.9, p.enforceEager(), Map.of("vllm_command", "vllm bench latency",
                "load_format", "dummy", "api_url", "http://127.0.0.1:8000", "block_size", "16"))).build();
        Document doc = parse(HtmlReportWriter.toHtml(r, MemoryUnit.GIB));
        NodeList headings = nodes(doc, "//table[@id='parameters']//th");
        for (int i = 0; i < headings.getLength(); i++) {
            String h = headings.item(i).getTextContent();
            assertFalse(h.startsWith("-") || h.contains("_"), "raw key in the parameters: " + h);
        }
        assertEquals("vllm bench latency", text(doc, "//table[@id='parameters']//tr[th='vLLM command']/td"));
        assertEquals("dummy", text(doc, "//table[@id='parameters']//tr[th='Load format']/td"));
        assertEquals("http://127.0.0.1:8000", text(doc, "//table[@id='parameters']//tr[th='API URL']/td"));
        assertEquals("16", text(doc, "//table[@id='parameters']//tr[th='Block size']/td"));
        assertEquals("4096", text(doc, "//table[@id='parameters']//tr[th='Max model length']/td"));
        assertEquals("0.90 (from --gpu-memory-utilization)",
                text(doc, "//table[@id='parameters']//tr[th='" + dev.memlens.core.report.HumanNames.parameter(
                        "gpu_memory_utilization") + "']/td"), "the run's own argument, named as such");
        NodeList details = nodes(doc, "//table[@id='breakdown']/tbody/tr[@class='detail']/td[1]");
        assertTrue(details.getLength() > 0);
        for (int i = 0; i < details.getLength(); i++) {
            assertFalse(details.item(i).getTextContent().contains("_"), details.item(i).getTextContent());
        }
    }

    @Test
    void anApiRunsUtilizationSaysItCameFromTheServersMetrics() throws Exception {
        ProfileReport s = SampleReports.bundledH200Run();
        var p = s.parameters();
        ProfileReport api = s.toBuilder().mode(RunMode.API).parameters(new dev.memlens.core.report.BenchmarkParameters(
                p.inputLen(), p.outputLen(), p.batchSize(), p.dtype(), p.tensorParallelSize(), p.quantization(),
                p.kvCacheDtype(), p.numItersWarmup(), p.numIters(), p.maxModelLen(), 0.9, p.enforceEager(), p.other()))
                .engineShare(new dev.memlens.core.report.EngineShare(0.9,
                        dev.memlens.core.report.FigureSource.VLLM_METRICS)).build();
        String row = "//table[@id='parameters']//tr[th='"
                + dev.memlens.core.report.HumanNames.parameter("gpu_memory_utilization") + "']/td";
        assertEquals("0.90 (from vLLM's /metrics)", text(parse(HtmlReportWriter.toHtml(api, MemoryUnit.GIB)), row));
        ProfileReport logged = api.toBuilder().mode(RunMode.BENCH).parameters(new dev.memlens.core.report
                .BenchmarkParameters(p.inputLen(), p.outputLen(), p.batchSize(), p.dtype(), p.tensorParallelSize(),
                p.quantization(), p.kvCacheDtype(), p.numItersWarmup(), p.numIters(), p.maxModelLen(), null,
                p.enforceEager(), p.other())).engineShare(new dev.memlens.core.report.EngineShare(0.95,
                dev.memlens.core.report.FigureSource.VLLM_LOG)).build();
        assertEquals("0.95 (from the vLLM log)", text(parse(HtmlReportWriter.toHtml(logged, MemoryUnit.GIB)), row),
                "run without the argument: the share vLLM's log gave, as the log's");
    }

    private static Document parse(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    private NodeList nodes(Document doc, String path) throws Exception {
        return (NodeList) xpath.evaluate(path, doc, XPathConstants.NODESET);
    }

    private String text(Document doc, String path) throws Exception {
        return ((String) xpath.evaluate(path, doc, XPathConstants.STRING)).trim();
    }
}
