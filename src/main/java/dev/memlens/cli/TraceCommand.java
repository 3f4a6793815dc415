package dev.memlens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memlens.core.gpu.trace.Trace;
import dev.memlens.core.gpu.trace.TraceException;
import dev.memlens.core.gpu.trace.TraceReader;
import dev.memlens.core.gpu.trace.TraceSummary;
import dev.memlens.core.prometheus.PrometheusAuth;
import dev.memlens.core.prometheus.PrometheusClient;
import dev.memlens.core.prometheus.PrometheusException;
import dev.memlens.core.prometheus.PrometheusGpuSeries;
import dev.memlens.core.prometheus.PrometheusGpuTrace;
import dev.memlens.core.prometheus.TimeArgument;
import dev.memlens.core.units.Bytes;
import dev.memlens.core.units.MemoryUnit;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code memlens trace FILE [--json]} or {@code memlens trace --prometheus URL [--start] [--end] [--match]}: per GPU,
 * the samples count, baseline and peak of a recorded trace or of a Prometheus server's raw samples.
 */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = {"Reads a recorded GPU memory trace and prints per GPU the number of samples, the baseline "
                + "(first sample) and the peak with its time.",
                "Formats (detected from the content): nvidia-smi CSV (with or without header and units), "
                        + "nvidia-smi -q -x XML, amd-smi JSON, rocm-smi JSON, DCGM exporter text, memlens sample CSV.",
                "nvidia-smi times carry no zone; they are read and printed as UTC, i.e. unchanged.",
                "With --prometheus URL instead of FILE: the raw samples (no resampling) of dcgm-exporter, "
                        + "nvidia_gpu_exporter or nvitop-exporter GPU memory series in a time range. Credentials "
                        + "come from " + PrometheusAuth.TOKEN_VARIABLE + " (bearer) or " + PrometheusAuth.USER_VARIABLE
                        + " and " + PrometheusAuth.PASSWORD_VARIABLE + " (basic auth) and are never stored."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:the trace was read", "2:bad usage, or the file is missing, unreadable or not a trace (the"
                + " message names the line), or the Prometheus server cannot be read", ExitCodes.LINE_SIGINT,
                ExitCodes.LINE_SIGTERM})
public final class TraceCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "the trace file")
    Path file;

    @Option(names = "--prometheus", paramLabel = "URL",
            description = "read from this Prometheus server (e.g. http://127.0.0.1:9090) instead of a file")
    String prometheus;

    @Option(names = "--start", paramLabel = "TIME", defaultValue = "-1h",
            description = "with --prometheus: start of the range (RFC 3339, Unix seconds, now or -30m/-1h/-2d; "
                    + "default ${DEFAULT-VALUE})")
    String start;

    @Option(names = "--end", paramLabel = "TIME", defaultValue = "now",
            description = "with --prometheus: end of the range (default ${DEFAULT-VALUE})")
    String end;

    @CommandLine.Mixin
    MatchOption selection = new MatchOption();

    private final Map<String, String> environment;

    public TraceCommand() {
        this(System.getenv());
    }

    /** For tests: the environment the Prometheus credentials are read from. */
    public TraceCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Option(names = "--json", description = "print JSON: {\"source\",\"gpus\":[...],\"warnings\":[...]}")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if ((file == null) == (prometheus == null)) {
            err.println("memlens trace: give either a trace FILE or --prometheus URL");
            err.flush();
            return 2;
        }
        TraceSummary summary;
        Map<String, Map<String, String>> placement = Map.of();
        String origin;
        try {
            if (prometheus != null) {
                PrometheusGpuTrace read = readPrometheus();
                summary = TraceSummary.of(read.trace());
                placement = read.placement();
                origin = prometheus;
            } else {
                summary = new TraceReader().summarize(file); // streamed: any size in a small heap
                origin = file.toString();
            }
        } catch (TraceException | PrometheusException e) {
            err.println("memlens trace: " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
        if (json) {
            out.println(toJson(summary, placement));
        } else {
            printText(summary, placement, origin, out);
        }
        out.flush();
        return 0;
    }

    private PrometheusGpuTrace readPrometheus() throws PrometheusException {
        Instant now = Instant.now();
        Instant from = TimeArgument.parse("--start", start, now);
        Instant to = TimeArgument.parse("--end", end, now);
        PrometheusClient client = PrometheusClient.of(prometheus, PrometheusAuth.fromEnvironment(environment));
        return new PrometheusGpuSeries(client).read(from, to, selection.match);
    }

    private String toJson(TraceSummary summary, Map<String, Map<String, String>> placement) throws Exception {
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
            Map<String, String> labels = placement.get(key(g));
            if (labels != null && !labels.isEmpty()) {
                ObjectNode labelNode = node.putObject("labels");
                labels.forEach(labelNode::put);
            }
        }
        ArrayNode warnings = root.putArray("warnings");
        summary.warnings().forEach(warnings::add);
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    private static String key(TraceSummary.Gpu g) {
        return g.uuid() != null ? g.uuid() : "#" + g.index();
    }

    private void printText(TraceSummary summary, Map<String, Map<String, String>> placement, String origin,
                           PrintWriter out) {
        out.println("source: " + summary.format().label() + " (" + origin + ")");
        if (summary.gpus().isEmpty()) {
            out.println("no GPU samples");
        }
        for (TraceSummary.Gpu g : summary.gpus()) {
            out.println("GPU " + g.index() + "  " + orDash(g.name()) + "  " + orDash(g.uuid()) + "  total "
                    + (g.totalBytes() == null ? "unknown" : size(g.totalBytes())));
            Map<String, String> labels = placement.get(key(g));
            if (labels != null && !labels.isEmpty()) {
                StringBuilder line = new StringBuilder("  labels   ");
                labels.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
                out.println(line);
            }
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
