package dev.memlens.tools;

import dev.memlens.core.report.CalculatorValues;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.export.HtmlReportWriter;
import dev.memlens.core.sample.SampleReports;
import dev.memlens.core.units.Bytes;
import dev.memlens.core.units.MemoryUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The README's picture of the HTML report: the bundled H200 sample with a calculator's values, written by
 * {@link HtmlReportWriter} and photographed by headless Chromium (Debian's {@code chromium} package):
 * {@code java -cp ... dev.memlens.tools.HtmlReportScreenshot docs/screenshots [width] [height]}.
 */
public final class HtmlReportScreenshot {
    private HtmlReportScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots").toAbsolutePath();
        int width = args.length > 1 ? Integer.parseInt(args[1]) : 1100;
        int height = args.length > 2 ? Integer.parseInt(args[2]) : 2200;
        Files.createDirectories(out);
        // the calculator values AppScreenshots types into the Results window (GiB), so the README's two pictures of
        // the sample show the same verdict
        ProfileReport r = SampleReports.bundledH200Run().withCalculator(new CalculatorValues(Map.of(
                MemoryComponent.WEIGHTS, Bytes.fromGib(12.55), MemoryComponent.KV_CACHE, Bytes.fromGib(2.00),
                MemoryComponent.ACTIVATIONS, Bytes.fromGib(0.25), MemoryComponent.FRAMEWORK_OVERHEAD,
                Bytes.fromGib(2.18)), null, "llm-sizer"));
        Path dir = Files.createTempDirectory("memlens-html");
        Path html = dir.resolve("report.html");
        HtmlReportWriter.write(r, MemoryUnit.GIB, html);
        Process p = new ProcessBuilder(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--user-data-dir=" + dir.resolve("profile"), "--window-size=" + width + "," + height,
                "--screenshot=" + out.resolve("html-report.png"), html.toUri().toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            System.err.println("chromium did not finish within 120 s; its output is in " + dir.resolve("chromium.log"));
            System.exit(1);
        }
        if (p.exitValue() != 0) {
            System.err.println("chromium exited " + p.exitValue() + "; its output is in " + dir.resolve("chromium.log"));
        }
        System.exit(p.exitValue());
    }
}
