package dev.memlens.core.report.export;

import static dev.memlens.core.report.export.HtmlText.escape;

import dev.memlens.core.compare.ComparisonResult;
import dev.memlens.core.compare.ComparisonRow;
import dev.memlens.core.compare.MemoryComparison;
import dev.memlens.core.io.AtomicFiles;
import dev.memlens.core.report.BenchmarkParameters;
import dev.memlens.core.report.EngineMetadata;
import dev.memlens.core.report.GpuDevice;
import dev.memlens.core.report.HumanNames;
import dev.memlens.core.vllm.breakdown.EngineBudget;
import dev.memlens.core.report.LatencyTable;
import dev.memlens.core.compare.ComparisonText;
import dev.memlens.core.report.AccountComponent;
import dev.memlens.core.report.AccountItem;
import dev.memlens.core.report.MemoryAccount;
import dev.memlens.core.report.PerGpuLines;
import dev.memlens.core.report.ModelInfo;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunFailure;
import dev.memlens.core.units.Format;
import dev.memlens.core.units.MemoryUnit;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A self-contained HTML report: inline CSS, charts as inline SVG, no scripts and no external resources, so it
 * opens offline in any browser. The markup is also well-formed XML (XHTML polyglot), which keeps it parseable by
 * plain XML tools. Every value from the report is escaped.
 */
public final class HtmlReportWriter {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");
    private static final String CSS = """
            body{font-family:-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#24292f;margin:0;background:#f6f8fa}
            main{max-width:1000px;margin:0 auto;padding:24px 28px 48px;background:#ffffff;border-left:1px solid #d0d7de;border-right:1px solid #d0d7de}
            h1{font-size:22px;margin:0 0 4px} h2{font-size:16px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
            .meta{color:#57606a;font-size:13px} .badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;border:1px solid}
            .status-completed{color:#1a7f37;border-color:#1a7f37} .status-failed,.status-interrupted{color:#cf222e;border-color:#cf222e}
            .status-cancelled{color:#9a6700;border-color:#9a6700}
            .verdict{border:1px solid #d0d7de;border-radius:6px;padding:10px 14px;margin:16px 0}
            .verdict.pass{border-color:#1a7f37} .verdict.fail{border-color:#cf222e}
            .verdict .big{font-size:22px;font-weight:700} .verdict.pass .big{color:#1a7f37} .verdict.fail .big{color:#cf222e}
            table{border-collapse:collapse;font-size:13px;margin:6px 0;width:100%}
            th,td{border-bottom:1px solid #d8dee4;padding:4px 8px;text-align:left;vertical-align:top}
            th{background:#f6f8fa;font-weight:600} td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            table.kv{width:auto} table.kv th{width:220px}
            .v-ok{color:#1a7f37;font-weight:700} .v-warn{color:#9a6700;font-weight:700} .v-bad{color:#cf222e;font-weight:700}
            .v-none{color:#57606a} tr.inconsistent td{color:#cf222e;font-weight:700} tr.detail td{color:#57606a}
            .source{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px;color:#57606a}
            .charts{display:flex;flex-wrap:wrap;gap:12px} svg{max-width:100%;height:auto;font-size:11px;fill:#24292f}
            svg .grid{stroke:#eaeef2} svg .axis,svg .tick{stroke:#8c959f} svg .phase-label{fill:#0969da;font-size:10px}
            .notice{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:8px 12px}
            footer{margin-top:32px;color:#57606a;font-size:12px}
            """;

    private HtmlReportWriter() {
    }

    public static void write(ProfileReport report, MemoryUnit unit, Path file) throws IOException {
        AtomicFiles.writeString(file, toHtml(report, unit));
    }

    public static String toHtml(ProfileReport r, MemoryUnit unit) {
        StringBuilder h = new StringBuilder(64 * 1024);
        String title = "MemLens report: " + r.model().name();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<meta name=\"generator\" content=\"MemLens\"/>\n")
                .append("<title>").append(escape(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n");
        header(h, r);
        Optional<ComparisonResult> comparison = MemoryComparison.of(r);
        String banner = ComparisonText.banner(r);
        if (!banner.isEmpty()) {
            h.append("<p class=\"notice\" id=\"banner\">").append(escape(banner)).append("</p>\n");
        }
        verdict(h, comparison.orElse(null), unit);
        h.append("<h2 id=\"charts\">Charts</h2>\n<div class=\"charts\">\n<figure id=\"timeline-chart\">\n")
                .append(SvgCharts.timeline(r, unit)).append("</figure>\n<figure id=\"breakdown-chart\">\n")
                .append(SvgCharts.breakdown(r.account(), r.calculator(), unit)).append("</figure>\n</div>\n");
        comparisonTable(h, comparison.orElse(null), unit);
        accountTable(h, r.account(), unit);
        parameters(h, r);
        gpus(h, r, unit);
        latency(h, r);
        failures(h, r);
        h.append("<footer>Written by MemLens. Sizes in ").append(escape(unit.label())).append(" (")
                .append(unit == MemoryUnit.GIB ? "2<sup>30</sup>" : "10<sup>9</sup>")
                .append(" bytes). Kinds: measured (read from vLLM's log or /metrics, the torch allocator, torch tensors or"
                        + " the GPU sampler), derived (computed from measured figures), residual (what remains of the"
                        + " total), unknown (not measured, shown as —).</footer>\n");
        h.append("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, ProfileReport r) {
        h.append("<header>\n<h1>").append(escape(r.model().name())).append("</h1>\n<p class=\"meta\">")
                .append("<span class=\"badge status-").append(r.status().tag()).append("\" id=\"status\">")
                .append(escape(r.status().tag())).append("</span> ");
        if (r.mode() != null) {
            h.append("mode ").append(escape(r.mode().tag())).append(" · ");
        }
        h.append(escape(r.gpus().label()));
        if (r.startedAt() != null) {
            h.append(" · started ").append(escape(WHEN.format(r.startedAt().atZone(ZoneId.systemDefault()))));
        }
        if (r.durationMillis() != null) {
            h.append(String.format(Locale.ROOT, " · %.1f s", r.durationMillis() / 1000.0));
        }
        h.append("</p>\n");
        if (r.statusMessage() != null && !r.statusMessage().isBlank()) {
            h.append("<p class=\"").append(r.status().name().equals("COMPLETED") ? "meta" : "notice").append("\">")
                    .append(escape(r.statusMessage())).append("</p>\n");
        }
        h.append("</header>\n");
    }

    private static void verdict(StringBuilder h, ComparisonResult c, MemoryUnit unit) {
        if (c == null) {
            h.append("<div class=\"verdict none\" id=\"verdict\"><div class=\"big\">No calculator values</div>"
                    + "<div>The report has no calculator values to compare with.</div></div>\n");
            return;
        }
        h.append("<div class=\"verdict ").append(ComparisonText.style(c)).append("\" id=\"verdict\"><div class=\"big\">")
                .append(escape(ComparisonText.headline(c))).append("</div><div>")
                .append(escape(ComparisonText.detail(c, unit))).append("</div></div>\n");
    }

    private static void comparisonTable(StringBuilder h, ComparisonResult c, MemoryUnit unit) {
        h.append("<h2>Measured vs calculated</h2>\n");
        if (c == null) {
            h.append("<p class=\"meta\">No calculator values were saved with this run.</p>\n");
            return;
        }
        h.append("<table id=\"comparison\">\n<thead><tr><th>Component</th><th>Measured (").append(escape(unit.label()))
                .append(")</th><th>Calculated (").append(escape(unit.label())).append(")</th><th>Difference</th><th>%</th>"
                        + "<th>Verdict</th><th>Advice</th><th>Kind</th><th>Source</th></tr></thead>\n<tbody>\n");
        for (ComparisonRow row : c.rows()) {
            comparisonRow(h, row, unit);
        }
        comparisonRow(h, c.total(), unit);
        h.append("</tbody>\n</table>\n");
    }

    private static void comparisonRow(StringBuilder h, ComparisonRow row, MemoryUnit unit) {
        String verdictClass = row.verdict() == null ? "none" : row.verdict().tag();
        h.append("<tr").append(row.isTotal() ? " class=\"total\"" : "").append("><td>")
                .append(row.isTotal() ? "<b>" + escape(row.label()) + "</b>" : escape(row.label())).append("</td>")
                .append(num(row.actualBytes(), unit)).append(num(row.calculatedBytes(), unit))
                .append("<td class=\"num\">").append(escape(Format.signedNumber(row.diffBytes(), unit)))
                .append("</td><td class=\"num\">").append(escape(Format.percent(row.percentDiff()))).append("</td><td class=\"v-")
                .append(verdictClass).append("\">").append(escape(row.verdictLabel())).append("</td><td>")
                .append(escape(row.advice())).append("</td><td class=\"source\">").append(escape(row.actualKind().tag()))
                .append("</td><td class=\"source\">").append(escape(row.actualSource())).append("</td></tr>\n");
    }

    private static void accountTable(StringBuilder h, MemoryAccount m, MemoryUnit unit) {
        h.append("<h2>Memory account</h2>\n<table id=\"breakdown\">\n<thead><tr><th>Item</th><th>")
                .append(escape(unit.label())).append("</th><th>Kind</th><th>Source</th><th>How</th></tr></thead>\n<tbody>\n");
        for (AccountItem i : m.items()) {
            h.append("<tr").append(i.component() == AccountComponent.UNATTRIBUTED && m.isInconsistent()
                    ? " class=\"inconsistent\"" : "").append("><td>").append(escape(i.component().displayName()))
                    .append("</td>").append(num(i.bytes(), unit)).append("<td class=\"source\">")
                    .append(escape(i.kind().tag())).append("</td><td class=\"source\">")
                    .append(escape(i.source() == null ? "—" : i.source().tag())).append("</td><td>")
                    .append(escape(i.note())).append("</td></tr>\n");
        }
        if (m.totalBytes() != null) {
            h.append("<tr class=\"total\"><td><b>Total</b></td>").append(num(m.totalBytes(), unit))
                    .append("<td class=\"source\">measured</td><td class=\"source\">").append(escape(m.totalSource().tag()))
                    .append("</td><td>").append(escape(m.totalNote())).append("</td></tr>\n");
        }
        if (m.baselineBytes() != null) {
            h.append("<tr><td>Baseline (before loading)</td>").append(num(m.baselineBytes(), unit))
                    .append("<td class=\"source\">measured</td><td class=\"source\">gpu-sampler</td><td>not part of the"
                            + " total</td></tr>\n");
        }
        m.details().forEach((name, f) -> h.append("<tr class=\"detail\"><td>").append(escape(HumanNames.parameter(name))).append("</td>")
                .append(num(f.bytes(), unit)).append("<td class=\"source\">reference</td><td class=\"source\">")
                .append(escape(f.source().tag())).append("</td><td>").append(escape(f.note())).append("</td></tr>\n"));
        h.append("</tbody>\n</table>\n");
        List<String> perGpu = PerGpuLines.of(m, unit);
        if (!perGpu.isEmpty()) {
            h.append("<h3>Per GPU, at the run's peak</h3>\n<ul id=\"per-gpu\">\n");
            perGpu.forEach(line -> h.append("<li>").append(escape(line)).append("</li>\n"));
            h.append("</ul>\n");
        }
    }

    private static void parameters(StringBuilder h, ProfileReport r) {
        Map<String, Object> rows = new LinkedHashMap<>();
        ModelInfo m = r.model();
        rows.put("Model", m.name());
        rows.put("Parameters", m.numParameters() == null ? null : String.format(Locale.ROOT, "%,d", m.numParameters()));
        rows.put("Layers / heads / KV heads", m.numLayers() == null ? null : m.numLayers() + " / " + m.numHeads() + " / " + m.numKvHeads());
        rows.put("Hidden size / head dim", m.hiddenSize() == null ? null : m.hiddenSize() + " / " + m.headDim());
        rows.put("Model dtype", m.dtype());
        rows.put("Model quantization", m.quantization());
        BenchmarkParameters p = r.parameters();
        rows.put(HumanNames.parameter("input_len"), p.inputLen());
        rows.put(HumanNames.parameter("output_len"), p.outputLen());
        rows.put(HumanNames.parameter("batch_size"), p.batchSize());
        rows.put(HumanNames.parameter("dtype"), p.dtype());
        rows.put(HumanNames.parameter("tensor_parallel_size"), p.tensorParallelSize());
        rows.put(HumanNames.parameter("quantization"), p.quantization());
        rows.put(HumanNames.parameter("kv_cache_dtype"), p.kvCacheDtype());
        rows.put(HumanNames.parameter("num_iters_warmup"), p.numItersWarmup());
        rows.put(HumanNames.parameter("num_iters"), p.numIters());
        rows.put(HumanNames.parameter("max_model_len"), p.maxModelLen());
        // with where it came from (the run's argument, vLLM's log, a server's /metrics), as the budget line says it
        rows.put(HumanNames.parameter("gpu_memory_utilization"),
                EngineBudget.of(r).map(EngineBudget::parameterText).orElse(null));
        rows.put(HumanNames.parameter("enforce_eager"), p.enforceEager());
        p.other().forEach((k, v) -> rows.putIfAbsent(HumanNames.parameter(k), v));
        EngineMetadata e = r.engine();
        rows.put("Engine", e.engineType());
        rows.put("Engine version", e.engineVersion());
        rows.put("Profiling method", e.profilingMethod());
        rows.put("Profiler version", e.profilerVersion());
        rows.put("GPU sampler", e.samplerTool());
        rows.put("Tolerance", r.tolerancePct() == null ? null : trim(r.tolerancePct()) + " %");
        rows.put("Calculator values from", r.hasCalculatorValues() ? r.calculator().source() : null);
        h.append("<h2>Run parameters</h2>\n<table class=\"kv\" id=\"parameters\">\n<tbody>\n");
        rows.forEach((k, v) -> {
            if (v != null) {
                h.append("<tr><th>").append(escape(k)).append("</th><td>").append(escape(String.valueOf(v))).append("</td></tr>\n");
            }
        });
        h.append("</tbody>\n</table>\n");
    }

    private static void gpus(StringBuilder h, ProfileReport r, MemoryUnit unit) {
        h.append("<h2>GPUs</h2>\n");
        if (r.gpus().devices().isEmpty()) {
            h.append("<p class=\"meta\">").append(escape(r.gpus().label())).append("</p>\n");
            return;
        }
        String u = escape(unit.label());
        h.append("<table id=\"gpus\">\n<thead><tr><th>#</th><th>Name</th><th>UUID</th><th>Total (").append(u)
                .append(")</th><th>Baseline (").append(u).append(")</th><th>Peak (").append(u)
                .append(")</th><th>Peak at (s)</th></tr></thead>\n<tbody>\n");
        for (GpuDevice d : r.gpus().devices()) {
            h.append("<tr><td>").append(d.index()).append("</td><td>").append(escape(d.name())).append("</td><td class=\"source\">")
                    .append(escape(d.uuid())).append("</td>").append(optional(d.totalBytes(), unit))
                    .append(optional(d.baselineUsedBytes(), unit)).append(optional(d.peakUsedBytes(), unit))
                    .append("<td class=\"num\">").append(d.peakAtMillis() == null ? "" : String.format(Locale.ROOT, "%.1f", d.peakAtMillis() / 1000.0))
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    /** The latency distributions, the same table as the app's Latency tab (names, columns and cells). */
    private static void latency(StringBuilder h, ProfileReport r) {
        LatencyTable table = LatencyTable.of(r);
        if (table.isEmpty()) {
            return;
        }
        h.append("<h2>Latency</h2>\n<table id=\"latency\">\n<thead><tr>");
        table.columns().forEach(c -> h.append("<th>").append(escape(c)).append("</th>"));
        h.append("</tr></thead>\n<tbody>\n");
        for (java.util.Map<String, String> row : table.rows()) {
            h.append("<tr>");
            for (String c : table.columns()) {
                h.append(c.equals(LatencyTable.DISTRIBUTION) ? "<td>" : "<td class=\"num\">")
                        .append(escape(row.getOrDefault(c, Format.UNKNOWN))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n");
        Double tps = LatencyTable.tokensPerSecond(r);
        if (tps != null) {
            h.append("<p id=\"throughput\">").append(escape(HumanNames.TOKENS_PER_SECOND))
                    .append(String.format(Locale.ROOT, ": %.1f", tps)).append("</p>\n");
        }
    }

    private static void failures(StringBuilder h, ProfileReport r) {
        if (r.failures().isEmpty()) {
            return;
        }
        h.append("<h2>Failures</h2>\n<table id=\"failures\">\n<thead><tr><th>Kind</th><th>Message</th><th>What to do</th></tr></thead>\n<tbody>\n");
        for (RunFailure f : r.failures()) {
            h.append("<tr><td>").append(escape(f.label())).append("</td><td>").append(escape(f.message())).append("</td><td>")
                    .append(escape(f.advice())).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static String optional(Long bytes, MemoryUnit unit) {
        return bytes == null ? "<td></td>" : num(bytes, unit);
    }

    private static String num(Long bytes, MemoryUnit unit) {
        return "<td class=\"num\">" + escape(Format.number(bytes, unit)) + "</td>";
    }

    private static String trim(double v) {
        return Format.plain(v);
    }
}
