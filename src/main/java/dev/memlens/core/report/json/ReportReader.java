package dev.memlens.core.report.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memlens.core.io.InputFiles;
import dev.memlens.core.io.SafeJson;
import dev.memlens.core.report.ApiStats;
import dev.memlens.core.report.BenchmarkParameters;
import dev.memlens.core.report.EngineMetadata;
import dev.memlens.core.report.FailureKind;
import dev.memlens.core.report.GpuDevice;
import dev.memlens.core.report.GpuInfo;
import dev.memlens.core.report.GpuTimeline;
import dev.memlens.core.report.GpuType;
import dev.memlens.core.report.LatencyStats;
import dev.memlens.core.report.MemoryAccount;
import dev.memlens.core.report.ModelInfo;
import dev.memlens.core.report.PhaseMark;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.ReportFormatException;
import dev.memlens.core.report.RunFailure;
import dev.memlens.core.report.RunMode;
import dev.memlens.core.report.RunPeak;
import dev.memlens.core.report.RunStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads MemLens reports and every shape the original profiling scripts wrote (see {@link ReportShape}). A wrong
 * type or malformed JSON gives a {@link ReportFormatException} naming the file and the field.
 */
public final class ReportReader {
    private static final ObjectMapper MAPPER = SafeJson.mapper();
    /** Reports past this are not reports (a day of 8 GPUs sampled every 100 ms is well below it). */
    public static final long MAX_REPORT_BYTES = 512L << 20;
    private static final DateTimeFormatter SEED_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final JsonFields f;
    private final AccountReader breakdown;
    private final TimelineReader timelines;

    private ReportReader(String fileLabel) {
        this.f = new JsonFields(fileLabel);
        this.breakdown = new AccountReader(f);
        this.timelines = new TimelineReader(f);
    }

    public static ProfileReport read(Path file) throws ReportFormatException {
        return readDocument(file).report();
    }

    /** The report and, beside it, the JSON tree it was read from (saved again so unmodelled fields survive). */
    public static ReportDocument readDocument(Path file) throws ReportFormatException {
        String json;
        try {
            json = InputFiles.readText(file, "report", MAX_REPORT_BYTES);
        } catch (InputFiles.UnreadableInputException e) {
            throw new ReportFormatException(e.getMessage(), e);
        }
        return parseDocument(json, file.toString());
    }

    public static ProfileReport parse(String json, String fileLabel) throws ReportFormatException {
        return parseDocument(json, fileLabel).report();
    }

    public static ReportDocument parseDocument(String json, String fileLabel) throws ReportFormatException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ReportFormatException(SafeJson.describe(fileLabel, e), e);
        }
        if (root == null || !root.isObject()) {
            throw new ReportFormatException(fileLabel + ": expected a JSON object at the top level, found "
                    + (root == null ? "nothing" : JsonFields.describe(root)) + ". Open a profile report.");
        }
        return new ReportDocument(new ReportReader(fileLabel).read((ObjectNode) root), (ObjectNode) root);
    }

    private ProfileReport read(ObjectNode root) throws ReportFormatException {
        ReportShape shape = ReportShape.detect(root);
        MemoryAccount measured;
        try {
            measured = breakdown.read(root, shape);
        } catch (ArithmeticException e) {
            // the account sums its items with overflow checks: sizes that add up past a long are not a real run's
            throw f.error("memory_breakdown", "the sizes add up to more than 8 EiB; correct them in the file or"
                    + " re-export the report.");
        }
        GpuInfo gpus = gpus(root);
        List<GpuTimeline> timeline = timelines.read(root);
        if (measured.peakBytes() == null && RunPeak.of(timeline, gpus.devices()).peakBytes() == null) {
            // an original v2/v3 report without a timeline still recorded its peak snapshot: the header shows it
            Long snapshot = reportedPeak(root);
            if (snapshot != null) {
                measured = measured.toBuilder().peak(snapshot).build();
            }
        }
        return ProfileReport.builder().sourceShape(shape.tag).status(status(root), f.text(root, "", "status_message"))
                .mode(shape == ReportShape.MEMLENS ? mode(root) : shape.mode).startedAt(startedAt(root))
                .durationMillis(f.wholeNumber(root, "", "duration_ms")).model(model(root)).parameters(parameters(root))
                .latency(latency(root)).account(measured).gpus(gpus).engine(engine(root, shape))
                .timeline(timeline).phases(phases(root)).calculator(breakdown.calculator(root))
                .tolerancePct(f.number(root, "", "tolerance_pct")).failures(failures(root)).apiStats(apiStats(root))
                .sampling(SamplingJson.read(f, root)).processes(ProcessesJson.read(f, root))
                .vllmMetrics(VllmMetricsJson.read(f, root)).engineShare(EngineShareJson.read(f, root)).build();
    }

    private RunMode mode(JsonNode root) throws ReportFormatException {
        String m = f.text(root, "", "mode");
        try {
            return m == null ? null : RunMode.fromTag(m);
        } catch (IllegalArgumentException e) {
            throw f.error("mode", e.getMessage());
        }
    }

    /**
     * The original scripts' peak snapshot: {@code memory_measurements.peak.total_gb} (v2) or
     * {@code memory_measurements.peak_from_timeline.total_gb} (v3); null when the report has neither.
     */
    private Long reportedPeak(JsonNode root) throws ReportFormatException {
        String p = "memory_measurements";
        JsonNode m = f.object(root, "", p);
        if (m == null) {
            return null;
        }
        for (String key : List.of("peak", "peak_from_timeline")) {
            JsonNode peak = f.object(m, p, key);
            Long total = peak == null ? null : f.bytes(peak, p + "." + key, "total");
            if (total != null) {
                return total;
            }
        }
        return null;
    }

    private ApiStats apiStats(JsonNode root) throws ReportFormatException {
        String p = "api_stats";
        JsonNode a = f.object(root, "", p);
        if (a == null) {
            return null;
        }
        return new ApiStats(f.wholeNumber(a, p, "prompt_tokens"), f.wholeNumber(a, p, "completion_tokens"),
                f.wholeNumber(a, p, "succeeded_requests"), f.wholeNumber(a, p, "failed_requests"),
                f.number(a, p, "wall_seconds"), f.number(a, p, "output_tokens_per_second"),
                latencyStats(f.object(a, p, "ttft"), p + ".ttft"), latencyStats(f.object(a, p, "itl"), p + ".itl"),
                latencyStats(f.object(a, p, "e2e"), p + ".e2e"), f.number(a, p, "kv_cache_peak_usage_fraction"));
    }

    private RunStatus status(JsonNode root) throws ReportFormatException {
        String s = f.text(root, "", "status");
        if (s == null) {
            return RunStatus.COMPLETED;
        }
        try {
            return RunStatus.fromTag(s);
        } catch (IllegalArgumentException e) {
            throw f.error("status", "unknown status '" + s + "': use completed, failed, cancelled or interrupted");
        }
    }

    private Instant startedAt(JsonNode root) throws ReportFormatException {
        String iso = f.text(root, "", "started_at");
        String seed = f.text(root, "", "timestamp");
        try {
            if (iso != null) {
                return Instant.parse(iso);
            }
            if (seed != null) {
                return LocalDateTime.parse(seed, SEED_TIMESTAMP).atZone(ZoneId.systemDefault()).toInstant();
            }
        } catch (DateTimeParseException e) {
            throw f.error(iso != null ? "started_at" : "timestamp", "not a date and time: '" + (iso != null ? iso : seed)
                    + "'. Use ISO-8601 (2026-11-27T20:21:27Z) or 'YYYY-MM-DD HH:MM:SS'.");
        }
        return null;
    }

    private ModelInfo model(JsonNode root) throws ReportFormatException {
        String p = "model_info";
        JsonNode m = f.object(root, "", p);
        JsonNode params = f.object(root, "", "benchmark_parameters");
        String name = firstNonNull(f.text(m, p, "name"), f.text(m, p, "model_name"), f.text(m, p, "model_id"),
                f.text(params, "benchmark_parameters", "model"));
        return new ModelInfo(name == null ? "unknown" : name, f.wholeNumber(m, p, "num_parameters"),
                f.integer(m, p, "num_layers"), f.integer(m, p, "num_heads"), f.integer(m, p, "num_kv_heads"),
                f.integer(m, p, "head_dim"), f.integer(m, p, "hidden_size"), dtype(f.text(m, p, "dtype")),
                f.text(m, p, "quantization"));
    }

    /** The transformers script writes str(model.dtype), e.g. "torch.float16". */
    private static String dtype(String raw) {
        return raw != null && raw.startsWith("torch.") ? raw.substring("torch.".length()) : raw;
    }

    private BenchmarkParameters parameters(JsonNode root) throws ReportFormatException {
        String p = "benchmark_parameters";
        JsonNode b = f.object(root, "", p);
        JsonNode m = f.object(root, "", "model_info");
        JsonNode dtypes = f.object(root, "", "dtype_metadata");
        Integer inputLen = firstNonNull(f.integer(b, p, "input_len"), f.integer(m, "model_info", "prompt_length"));
        Integer outputLen = firstNonNull(f.integer(b, p, "output_len"), f.integer(m, "model_info", "max_tokens"));
        Integer batch = firstNonNull(f.integer(b, p, "batch_size"), f.integer(m, "model_info", "batch_size"));
        Map<String, String> other = new LinkedHashMap<>();
        JsonNode extra = f.object(b, p, "other");
        if (extra != null) {
            extra.fields().forEachRemaining(e -> other.put(e.getKey(), e.getValue().asText()));
        }
        String prompt = f.text(m, "model_info", "prompt");
        if (prompt != null) {
            other.putIfAbsent("prompt", prompt);
        }
        return new BenchmarkParameters(inputLen, outputLen, batch, dtype(firstNonNull(f.text(b, p, "dtype"),
                f.text(m, "model_info", "dtype"))), f.integer(b, p, "tensor_parallel_size"), f.text(b, p, "quantization"),
                firstNonNull(f.text(b, p, "kv_cache_dtype"), f.text(dtypes, "dtype_metadata", "kv_cache_dtype")),
                f.integer(b, p, "num_iters_warmup"), f.integer(b, p, "num_iters"), f.integer(b, p, "max_model_len"),
                f.number(b, p, "gpu_memory_utilization"), f.bool(b, p, "enforce_eager"), other);
    }

    private LatencyStats latency(JsonNode root) throws ReportFormatException {
        String p = "latency_stats";
        JsonNode l = f.object(root, "", p);
        if (l == null) {
            JsonNode inference = f.object(root, "", "inference_stats");
            Double seconds = f.number(inference, "inference_stats", "inference_time_sec");
            return seconds == null ? null : new LatencyStats(seconds, null, Map.of(), List.of(seconds));
        }
        return latencyStats(l, p);
    }

    private LatencyStats latencyStats(JsonNode l, String p) throws ReportFormatException {
        if (l == null) {
            return null;
        }
        Map<String, Double> percentiles = new LinkedHashMap<>();
        JsonNode pct = f.object(l, p, "percentiles");
        if (pct != null) {
            for (var it = pct.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                Double v = f.number(pct, p + ".percentiles", key);
                if (v != null) {
                    percentiles.put(key, v);
                }
            }
        }
        for (String k : new String[] {"50", "90", "99"}) {
            Double v = f.number(l, p, "p" + k + "_latency");
            if (v != null) {
                percentiles.putIfAbsent(k, v);
            }
        }
        List<Double> latencies = new ArrayList<>();
        JsonNode list = f.array(l, p, "latencies");
        if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                if (!list.get(i).isNumber()) {
                    throw f.error(p + ".latencies[" + i + "]", "expected a number, found " + JsonFields.describe(list.get(i)));
                }
                latencies.add(list.get(i).doubleValue());
            }
        }
        return new LatencyStats(f.number(l, p, "avg_latency"), f.number(l, p, "std_latency"), percentiles, latencies);
    }

    private GpuInfo gpus(JsonNode root) throws ReportFormatException {
        String p = "gpu_info";
        JsonNode g = f.object(root, "", p);
        List<GpuDevice> devices = new ArrayList<>();
        JsonNode own = f.array(g, p, "gpus");
        if (own != null) {
            for (int i = 0; i < own.size(); i++) {
                JsonNode d = own.get(i);
                String dp = p + ".gpus[" + i + "]";
                Integer index = f.integer(d, dp, "index");
                devices.add(new GpuDevice(index == null ? i : index, f.text(d, dp, "uuid"), f.text(d, dp, "name"),
                        f.bytes(d, dp, "total"), f.bytes(d, dp, "baseline_used"), f.bytes(d, dp, "peak_used"),
                        f.wholeNumber(d, dp, "peak_at_ms")));
            }
        } else {
            devices.addAll(legacyDevices(g, p));
        }
        return new GpuInfo(GpuType.fromTag(f.text(g, p, "gpu_type")), f.integer(g, p, "num_gpus"), devices);
    }

    /** profile-vllm-model.py lists per-GPU snapshots before and after inference. */
    private List<GpuDevice> legacyDevices(JsonNode g, String p) throws ReportFormatException {
        JsonNode fin = f.array(g, p, "gpu_memory_final");
        if (fin == null) {
            return List.of();
        }
        JsonNode base = f.array(g, p, "gpu_memory_baseline");
        List<GpuDevice> devices = new ArrayList<>();
        for (int i = 0; i < fin.size(); i++) {
            String dp = p + ".gpu_memory_final[" + i + "]";
            JsonNode d = fin.get(i);
            Integer index = f.integer(d, dp, "device");
            Long baseline = base != null && i < base.size() ? f.bytes(base.get(i), p + ".gpu_memory_baseline[" + i + "]", "used") : null;
            devices.add(new GpuDevice(index == null ? i : index, null, null, f.bytes(d, dp, "total"), baseline,
                    f.bytes(d, dp, "used"), null));
        }
        return devices;
    }

    private EngineMetadata engine(JsonNode root, ReportShape shape) throws ReportFormatException {
        String p = "engine_metadata";
        JsonNode e = f.object(root, "", p);
        String type = f.text(e, p, "engine_type");
        String method = f.text(e, p, "profiling_method");
        if (shape == ReportShape.TRANSFORMERS) {
            type = firstNonNull(type, "transformers");
            method = firstNonNull(method, "profile_model_memory");
        } else if (shape == ReportShape.VLLM_API) {
            type = firstNonNull(type, "vllm");
            method = firstNonNull(method, "vllm_api");
        } else if (shape != ReportShape.MEMLENS) {
            type = firstNonNull(type, "vllm");
        }
        return new EngineMetadata(type, f.text(e, p, "engine_version"), method,
                firstNonNull(f.text(e, p, "profiler_version"), f.text(root, "", "profiler_version")),
                f.text(e, p, "sampler_tool"));
    }

    private List<PhaseMark> phases(JsonNode root) throws ReportFormatException {
        JsonNode list = f.array(root, "", "phases");
        List<PhaseMark> phases = new ArrayList<>();
        if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                String p = "phases[" + i + "]";
                String name = f.text(list.get(i), p, "phase");
                Long start = f.wholeNumber(list.get(i), p, "start_ms");
                if (name == null || start == null) {
                    throw f.error(p, "needs both 'phase' and 'start_ms'");
                }
                phases.add(new PhaseMark(name, start));
            }
        }
        return phases;
    }

    private List<RunFailure> failures(JsonNode root) throws ReportFormatException {
        JsonNode list = f.array(root, "", "failures");
        List<RunFailure> failures = new ArrayList<>();
        if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                String p = "failures[" + i + "]";
                String kind = f.text(list.get(i), p, "kind");
                FailureKind k = kind == null ? FailureKind.WORKLOAD : FailureKind.fromTag(kind);
                String code = f.text(list.get(i), p, "code");
                if (code == null && kind != null && !k.tag().equalsIgnoreCase(kind)) {
                    code = kind; // an older report stored the engine's own code as the kind
                }
                failures.add(new RunFailure(k, code, f.text(list.get(i), p, "message"), f.text(list.get(i), p, "advice")));
            }
        }
        return failures;
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
