package dev.memlens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memlens.core.gpu.trace.Trace;
import dev.memlens.core.gpu.trace.TraceException;
import dev.memlens.core.gpu.trace.TraceReader;
import dev.memlens.core.gpu.trace.TraceSummary;
import dev.memlens.core.units.Bytes;
import dev.memlens.core.units.MemoryUnit;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code memlens trace FILE [--json]}: per GPU, the samples count, baseline and peak of a recorded trace. */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = {"Reads a recorded GPU memory trace and prints per GPU the number of samples, the baseline "
                + "(first sample) and the peak with its time.",
                "Formats (detected from the content): nvidia-smi CSV (with or without header and units), "
                        + "nvidia-smi -q -x XML, amd-smi JSON, rocm-smi JSON, DCGM exporter text, memlens sample CSV.",
                "nvidia-smi times carry no zone; they are read and printed as UTC, i.e. unchanged."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:the trace was read", "2:bad usage, or the file is missing, unreadable or not a trace (the"
                + " message names the line)", ExitCodes.LINE_SIGINT, ExitCodes.LINE_SIGTERM})
public final class TraceCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the trace file")
    Path file;

    @Option(names = "--json", description = "print JSON: {\"source\",\"gpus\":[...],\"warnings\":[...]}")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TraceSummary summary;
        try {
            summary = new TraceReader().summarize(file);
        } catch (TraceException e) {
            err.println("memlens trace: " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
        if (json) {
            out.println(toJson(summary));
        } else {
            printText(summary, out);
        }
        out.flush();
        return 0;
    }

    private String toJson(TraceSummary summary) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("source", summary.format().label());
        ArrayNode gpus = root.putArray("gpus");
        for (TraceSummary.Gpu g : summary.gpus()) {
            ObjectNode node = gpus.addObject();
            node.put("index", g.index());
            node.put("uuid", g.uuid());
            node.put("name", g.name());
            node.put("total_bytes", g.totalBytes());
            node.put("samples", g.samples());
            node.put("baseline_used_bytes", g.baselineUsedBytes());
            node.put("peak_used_bytes", g.peakUsedBytes());
        }
        ArrayNode warnings = root.putArray("warnings");
        summary.warnings().forEach(warnings::add);
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    private void printText(TraceSummary summary, PrintWriter out) {
        out.println("source: " + summary.format().label() + " (" + file + ")");
        if (summary.gpus().isEmpty()) {
            out.println("no GPU samples");
        }
        for (TraceSummary.Gpu g : summary.gpus()) {
            out.println("GPU " + g.index() + "  " + orDash(g.name()) + "  " + orDash(g.uuid()) + "  total "
                    + (g.totalBytes() == null ? "unknown" : size(g.totalBytes())));
            out.println("  samples   " + g.samples());
            out.println("  baseline  " + size(g.baselineUsedBytes()) + "  at " + time(summary, g.baselineMillis()));
            out.println("  peak      " + size(g.peakUsedBytes()) + "  at " + time(summary, g.peakMillis()));
        }
        for (String warning : summary.warnings()) {
            out.println("warning: " + warning);
        }
    }

    private static String size(long bytes) {
        return Bytes.format(bytes, MemoryUnit.GIB) + " (" + Math.round(Bytes.toMib(bytes)) + " MiB)";
    }

    private static String time(TraceSummary summary, long millis) {
        return summary.realTimestamps() ? Instant.ofEpochMilli(millis).toString()
                : "sample " + (millis / Trace.SYNTHETIC_TICK_MILLIS + 1);
    }

    private static String orDash(String text) {
        return text == null ? "-" : text;
    }
}
