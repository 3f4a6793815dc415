package dev.memlens.app.results;

import dev.memlens.core.gpu.SamplingHealth;
import dev.memlens.core.report.BenchmarkParameters;
import dev.memlens.core.compare.ComparisonText;
import dev.memlens.core.report.PerGpuLines;
import dev.memlens.core.report.HumanNames;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunPeak;
import dev.memlens.core.units.Format;
import dev.memlens.core.units.MemoryUnit;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The run's summary as display text: model, parameters, GPU, baseline, peak (from {@link RunPeak}, the owner of
 * the account's total too, with its kind and source), duration, status, and on several GPUs each GPU's account
 * (one line per GPU, empty on one).
 */
public record RunSummary(String model, String parameters, String gpu, String baseline, String peak, String peakKind,
                         String peakSource, String duration, String durationNote, String status, String banner,
                         String engine, String sampling, String perGpu) {
    public static final RunSummary EMPTY = new RunSummary("No report open", "", "", "—", "—", "unknown", "", "—", "",
            "", "", "", "", "");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    public static RunSummary of(ProfileReport r, MemoryUnit unit) {
        RunPeak runPeak = RunPeak.of(r);
        Long baselineBytes = r.account().baselineBytes() != null ? r.account().baselineBytes() : runPeak.baselineBytes();
        String baseline = Format.size(baselineBytes, unit);
        String peak = Format.size(runPeak.peakBytes(), unit);
        String duration = r.durationMillis() == null ? Format.UNKNOWN
                : String.format(Locale.ROOT, "%.1f s", r.durationMillis() / 1000.0);
        String durationNote = r.durationMillis() == null ? "this report does not record how long the run took"
                : "from the start of the run to the end of sampling";
        String status = r.status().tag() + (r.startedAt() == null ? ""
                : " · " + WHEN.format(r.startedAt().atZone(ZoneId.systemDefault())));
        String banner = "";
        if (r.statusMessage() != null && r.statusMessage().startsWith("recorded sample")) {
            banner = "Recorded sample: a real run on an NVIDIA H200, bundled with MemLens. Open a report or run a profile"
                    + " to see your own.";
        } else {
            banner = ComparisonText.banner(r);
        }
        String engine = engine(r.engine().engineType(), r.engine().engineVersion());
        if (engine.isEmpty() && r.mode() == dev.memlens.core.report.RunMode.PROMETHEUS) {
            // no engine ran: say where the GPU samples came from (server, exporter, label matchers)
            engine = "GPU samples from " + r.engine().samplerTool();
        }
        return new RunSummary(r.model().name(), parameters(r.parameters()), r.gpus().label(), baseline, peak,
                runPeak.kind().tag(), runPeak.source(), duration, durationNote, status, banner, engine,
                sampling(r.sampling()), String.join("\n", PerGpuLines.of(r.account(), unit)));
    }

    private static void named(List<String> parts, String key, Object value) {
        if (value != null) {
            parts.add(HumanNames.parameter(key) + " " + value);
        }
    }

    /** Empty for reports that do not say; else "GPU sampling: ..." with gaps and a failure spelled out. */
    private static String sampling(SamplingHealth health) {
        if (health == null) {
            return "";
        }
        String verdict = switch (health.status()) {
            case OK -> "";
            case GAPS -> " (with gaps)";
            case FAILED -> " FAILED";
            case NOT_SAMPLED -> " (none)";
        };
        return "GPU sampling" + verdict + ": " + health.summary();
    }

    private static String engine(String type, String version) {
        if (type == null) {
            return version == null ? "" : version;
        }
        if (version == null) {
            return type;
        }
        return version.startsWith(type) ? version : type + " " + version;
    }

    /** The workload's main parameters, named as the HTML report and the CLI name them ({@link HumanNames#parameter}). */
    private static String parameters(BenchmarkParameters p) {
        List<String> parts = new ArrayList<>();
        named(parts, "batch_size", p.batchSize());
        named(parts, "input_len", p.inputLen());
        named(parts, "output_len", p.outputLen());
        named(parts, "dtype", p.dtype());
        if (p.tensorParallelSize() != null && p.tensorParallelSize() > 1) {
            named(parts, "tensor_parallel_size", p.tensorParallelSize());
        }
        named(parts, "quantization", p.quantization());
        return String.join(" · ", parts);
    }
}
