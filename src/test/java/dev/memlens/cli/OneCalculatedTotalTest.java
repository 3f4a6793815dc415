package dev.memlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.app.results.AccountBars;
import dev.memlens.app.results.AccountTableRow;
import dev.memlens.app.results.ResultsViewModel;
import dev.memlens.core.compare.ComparisonText;
import dev.memlens.core.compare.MemoryComparison;
import dev.memlens.core.report.HumanNames;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.export.HtmlReportWriter;
import dev.memlens.core.report.json.ReportReader;
import dev.memlens.core.units.MemoryUnit;
import dev.memlens.testutil.Resources;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A recorded v2 report whose calculator gave a total (22.56 GB) and three components that leave 0.54 GB of it
 * unsplit: the Calculated bar, the verdict card, the account table, the CLI and the HTML show one calculated total,
 * the one {@link dev.memlens.core.report.CalculatorValues#effectiveTotal()} gives. Runs without the JavaFX toolkit.
 */
class OneCalculatedTotalTest {
    private static final Path REPORT = Resources.path("report/v2-enhanced.json");

    @Test
    void theBarTheCardTheTableTheCliAndTheHtmlShowTheSameCalculatedTotal() throws Exception {
        ProfileReport r = ReportReader.read(REPORT);
        long total = r.calculator().effectiveTotal().orElseThrow();
        assertEquals(22_560_000_000L, total);
        String gib = String.format(Locale.ROOT, "%.2f", MemoryUnit.GIB.fromBytes(total));
        assertEquals("21.01", gib);

        ResultsViewModel vm = new ResultsViewModel();
        vm.reportProperty().set(r);
        AccountBars bars = vm.accountBarsProperty().get();
        assertEquals(21.01, bars.calculatedTotal(), 0.005, "the bar's total");
        assertEquals(bars.calculatedTotal(), bars.calculatedSum(), 1e-9, "the segments reach the total: " + bars.calculated());
        AccountBars.Segment rest = bars.calculated().get(bars.calculated().size() - 1);
        assertEquals(HumanNames.NOT_SPLIT, rest.name());
        assertTrue(rest.hatched());
        long components = r.calculator().components().values().stream().mapToLong(Long::longValue).sum();
        assertTrue(components < total, "the calculator split only part of its total");
        assertEquals(MemoryUnit.GIB.fromBytes(total - components), rest.value(), 1e-9);
        String restText = String.format(Locale.ROOT, "%.2f", rest.value());
        assertTrue(vm.verdictDetailProperty().get().contains(gib + " GiB calculated"), vm.verdictDetailProperty().get());
        AccountTableRow tableTotal = vm.accountTable().stream().filter(AccountTableRow::total).findFirst().orElseThrow();
        assertEquals(gib + " GiB", tableTotal.calculated());

        String cli = CompareCommandTest.run("compare", REPORT.toString(), "--unit", "gib").out();
        assertTrue(cli.lines().anyMatch(l -> l.startsWith(HumanNames.TOTAL) && l.contains(" " + gib + " GiB")), cli);
        assertTrue(cli.contains(ComparisonText.detail(MemoryComparison.of(r).orElseThrow(), MemoryUnit.GIB)), cli);

        String html = HtmlReportWriter.toHtml(r, MemoryUnit.GIB);
        assertTrue(html.contains(gib + " GiB calculated"), "the HTML verdict");
        assertTrue(html.contains("class=\"bar-total\">" + gib + "<"), "the HTML's Calculated bar is as tall as the total");
        assertTrue(html.contains("<title>" + HumanNames.NOT_SPLIT + ": " + restText + " GiB</title>"), "the HTML's unsplit rest");
    }
}
