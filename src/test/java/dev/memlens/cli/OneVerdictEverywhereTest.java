package dev.memlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memlens.app.results.ComparisonRowItem;
import dev.memlens.app.results.ResultsViewModel;
import dev.memlens.core.compare.ComparisonResult;
import dev.memlens.core.compare.ComparisonRow;
import dev.memlens.core.compare.ComparisonText;
import dev.memlens.core.compare.MemoryComparison;
import dev.memlens.core.report.AccountComponent;
import dev.memlens.core.report.AccountItem;
import dev.memlens.core.report.CalculatorValues;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.GpuAccount;
import dev.memlens.core.report.MemoryAccount;
import dev.memlens.core.report.PerGpuLines;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.export.HtmlReportWriter;
import dev.memlens.core.report.json.ReportReader;
import dev.memlens.core.report.library.RunLibrary;
import dev.memlens.core.report.library.RunSummaryEntry;
import dev.memlens.core.sample.SampleReports;
import dev.memlens.core.units.Format;
import dev.memlens.core.units.MemoryUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One saved report, every view: the app's Results, {@code compare} and {@code compare --json}, the HTML report and
 * the History list all show the same figures and the same verdict words — the one comparison's.
 */
class OneVerdictEverywhereTest {
    @TempDir
    Path dir;

    @Test
    void theSameReportReadsTheSameInEveryView() throws Exception {
        // a failing total (measured 20.82 GB vs 18.0) with a ⚠ row and a ✗ row
        ProfileReport r = SampleReports.bundledH200Run().withCalculator(new CalculatorValues(Map.of(
                MemoryComponent.WEIGHTS, 13_480_000_000L, MemoryComponent.KV_CACHE, 1_800_000_000L,
                MemoryComponent.ACTIVATIONS, 270_000_000L, MemoryComponent.FRAMEWORK_OVERHEAD, 2_450_000_000L),
                null, "llm-sizer")).withTolerance(10.0);
        RunLibrary library = new RunLibrary(dir.resolve("runs"));
        Path file = library.save(r);
        ProfileReport reopened = ReportReader.read(file);
        ComparisonResult truth = MemoryComparison.of(reopened).orElseThrow();
        assertEquals(MemoryComparison.of(r).orElseThrow(), truth, "reopening changes nothing");
        List<String> labels = new java.util.ArrayList<>(truth.rows().stream().map(ComparisonRow::verdictLabel).toList());
        labels.add(truth.total().verdictLabel());
        assertEquals("✗ fail", truth.total().verdictLabel());
        assertTrue(labels.contains("⚠ warn") && labels.contains("✗ bad"), labels.toString());

        // the app
        ResultsViewModel vm = new ResultsViewModel();
        vm.unitProperty().set(MemoryUnit.GB);
        vm.reportProperty().set(reopened);
        assertEquals(ComparisonText.headline(truth), vm.verdictTextProperty().get());
        assertEquals(labels, vm.rows().stream().map(ComparisonRowItem::verdictSymbol).toList());
        assertEquals(Format.percent(truth.total().percentDiff()), vm.rows().get(4).percent());

        // compare, text and JSON
        CompareCommandTest.Result text = CompareCommandTest.run("compare", file.toString());
        assertEquals(1, text.exit(), text.out() + text.err());
        assertTrue(text.out().contains(ComparisonText.headline(truth)), text.out());
        for (ComparisonRow row : truth.rows()) {
            assertTrue(text.out().lines().anyMatch(l -> l.startsWith(row.label()) && l.trim().endsWith(row.verdictLabel())
                    && l.contains(Format.percent(row.percentDiff()))), row.label() + " in\n" + text.out());
        }
        CompareCommandTest.Result json = CompareCommandTest.run("compare", file.toString(), "--json");
        JsonNode cmp = new ObjectMapper().readTree(json.out());
        for (int i = 0; i < truth.rows().size(); i++) {
            assertEquals(truth.rows().get(i).verdictLabel(), cmp.get("rows").get(i).get("verdict_label").asText());
        }
        assertEquals("fail", cmp.get("total").get("verdict").asText());
        assertEquals(false, cmp.get("pass").asBoolean());
        JsonNode saved = new ObjectMapper().readTree(Files.readString(file)).get("comparison");
        assertEquals(cmp, saved, "the saved report holds the same comparison as compare --json");

        // compare --csv
        CompareCommandTest.Result csv = CompareCommandTest.run("compare", file.toString(), "--csv");
        List<String> csvLines = csv.out().lines().toList();
        for (int i = 0; i < truth.rows().size(); i++) {
            assertTrue(csvLines.get(i + 1).contains("," + truth.rows().get(i).verdictLabel() + ","), csvLines.get(i + 1));
        }
        assertTrue(csvLines.get(csvLines.size() - 1).startsWith("total," + truth.total().actualBytes() + ","));
        assertTrue(csvLines.get(csvLines.size() - 1).contains(",✗ fail,"));

        // the HTML report
        String html = HtmlReportWriter.toHtml(reopened, MemoryUnit.GB);
        assertTrue(html.contains(">" + ComparisonText.headline(truth) + "<"), "the verdict card");
        for (String label : labels) {
            assertTrue(html.contains(">" + label + "</td>"), label);
        }

        // the History list
        RunSummaryEntry entry = library.list().get(0);
        assertEquals(truth.total().verdictLabel(), entry.verdict().label());
    }

    @Test
    void aTwoGpuRunShowsTheSamePerGpuFiguresInTheAppTheCliAndTheHtml() throws Exception {
        ProfileReport sample = SampleReports.bundledH200Run();
        MemoryAccount a = sample.account();
        long total = a.totalBytes();
        long weights = a.bytes(AccountComponent.WEIGHTS);
        MemoryAccount twoGpus = a.toBuilder().perGpu(List.of(
                GpuAccount.closing(0, "GPU-0", total / 2, List.of(AccountItem.measured(AccountComponent.WEIGHTS,
                        weights / 2, FigureSource.VLLM_LOG, "rank 0"), AccountItem.unknown(AccountComponent.KV_CACHE,
                        "not per GPU"))),
                GpuAccount.closing(1, "GPU-1", total - total / 2, List.of(AccountItem.measured(AccountComponent.WEIGHTS,
                        weights - weights / 2, FigureSource.VLLM_LOG, "rank 1"), AccountItem.unknown(
                        AccountComponent.KV_CACHE, "not per GPU"))))).build();
        Path file = new RunLibrary(dir.resolve("runs")).save(sample.toBuilder().account(twoGpus).build());
        ProfileReport reopened = ReportReader.read(file);
        List<String> lines = PerGpuLines.of(reopened.account(), MemoryUnit.GB);
        assertEquals(2, lines.size());
        assertTrue(lines.get(1).startsWith("GPU 1: " + Format.size(total - total / 2, MemoryUnit.GB) + " = "),
                lines.get(1));
        assertTrue(lines.get(0).endsWith("; not known per GPU: " + AccountComponent.KV_CACHE.displayName()), lines.get(0));

        // the app's summary
        ResultsViewModel vm = new ResultsViewModel();
        vm.unitProperty().set(MemoryUnit.GB);
        vm.reportProperty().set(reopened);
        assertEquals(String.join("\n", lines), vm.summaryProperty().get().perGpu());
        // the CLI's breakdown (the run summary prints the account the same way)
        CompareCommandTest.Result text = CompareCommandTest.run("compare", file.toString(), "--show-breakdown",
                "--unit", "gb", "--calc-total", "18");
        for (String line : lines) {
            assertTrue(text.out().lines().anyMatch(l -> l.strip().equals(line)), line + " in\n" + text.out() + text.err());
        }
        // the HTML report
        String html = HtmlReportWriter.toHtml(reopened, MemoryUnit.GB);
        for (String line : lines) {
            assertTrue(html.contains("<li>" + line + "</li>"), line);
        }
    }
}
