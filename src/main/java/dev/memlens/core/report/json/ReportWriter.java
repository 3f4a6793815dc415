package dev.memlens.core.report.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memlens.core.compare.ComparisonResult;
import dev.memlens.core.io.AtomicFiles;
import dev.memlens.core.report.AccountItem;
import dev.memlens.core.report.ApiStats;
import dev.memlens.core.report.BenchmarkParameters;
import dev.memlens.core.report.CalculatorValues;
import dev.memlens.core.report.EngineMetadata;
import dev.memlens.core.report.GpuAccount;
import dev.memlens.core.report.GpuDevice;
import dev.memlens.core.report.GpuInfo;
import dev.memlens.core.report.GpuTimeline;
import dev.memlens.core.report.LatencyStats;
import dev.memlens.core.report.MeasuredFigure;
import dev.memlens.core.report.MemoryAccount;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.report.ModelInfo;
import dev.memlens.core.report.ProfileReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Writes a report as JSON: the memory account with exact bytes, and the seed-compatible decimal {@code *_gb} keys
 * (which follow the account), so the original compare-estimates.py can read it. Numbers are plain decimals (never
 * {@code 2E+1}). The comparison is the caller's: this class does not judge, it writes what it is given. Starting
 * from the tree a report was read from keeps the fields MemLens does not model.
 */
public final class ReportWriter {
    static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
    private static final DateTimeFormatter SEED_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** Keys of memory_breakdown that follow the account: rewritten on every save, so none goes stale. */
    private static final List<String> SEED_STEMS = List.of("model_weights", "kv_cache", "activations",
            "framework_overhead", "total_measured", "baseline");

    private ReportWriter() {
    }

    /** Writes the report with its comparison (null for none). */
    public static void write(ProfileReport report, ComparisonResult comparison, Path file) throws IOException {
        AtomicFiles.writeString(file, toJsonString(report, null, comparison));
    }

    /** Writes a report that was read from a file, keeping the fields of its tree MemLens does not model. */
    public static void write(ReportDocument document, ComparisonResult comparison, Path file) throws IOException {
        AtomicFiles.writeString(file, toJsonString(document.report(), document.sourceTree(), comparison));
    }

    public static String toJsonString(ProfileReport report, ObjectNode sourceTree, ComparisonResult comparison) {
        try {
            return MAPPER.writeValueAsString(toJson(report, sourceTree, comparison)) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String toJsonString(ProfileReport report) {
        return toJsonString(report, null, null);
    }

    public static ObjectNode toJson(ProfileReport r) {
        return toJson(r, null, null);
    }

    public static ObjectNode toJson(ProfileReport r, ObjectNode sourceTree, ComparisonResult comparison) {
        ObjectNode root = sourceTree != null ? sourceTree.deepCopy() : MAPPER.createObjectNode();
        root.put("schema_version", ProfileReport.SCHEMA_VERSION);
        root.put("source_shape", r.sourceShape() == null ? ProfileReport.SHAPE_MEMLENS : r.sourceShape());
        root.put("status", r.status().tag());
        putText(root, "status_message", r.statusMessage());
        putText(root, "mode", r.mode() == null ? null : r.mode().tag());
        if (r.startedAt() != null) {
            root.put("started_at", r.startedAt().toString());
            root.put("timestamp", SEED_TIMESTAMP.format(r.startedAt().atZone(ZoneId.systemDefault())));
        }
        putNumber(root, "duration_ms", r.durationMillis());
        model(section(root, "model_info"), r);
        parameters(section(root, "benchmark_parameters"), r.parameters());
        if (r.latency() != null) {
            latency(section(root, "latency_stats"), r.latency());
        }
        breakdown(section(root, "memory_breakdown"), r.account());
        root.set("memory_account", AccountJson.toJson(r.account()));
        if (r.apiStats() != null) {
            apiStats(root.putObject("api_stats"), r.apiStats());
        }
        SamplingJson.write(root, r.sampling());
        EngineShareJson.write(root, r.engineShare());
        ProcessesJson.write(root, r.processes());
        VllmMetricsJson.write(root, r.vllmMetrics());
        gpus(section(root, "gpu_info"), r.gpus());
        engine(section(root, "engine_metadata"), r.engine());
        timeline(root, r);
        ArrayNode phases = root.putArray("phases");
        r.phases().forEach(p -> phases.addObject().put("phase", p.phase()).put("start_ms", p.startMillis()));
        ArrayNode failures = root.putArray("failures");
        r.failures().forEach(f -> {
            ObjectNode o = failures.addObject();
            o.put("kind", f.kind().tag());
            putText(o, "code", f.code());
            putText(o, "message", f.message());
            putText(o, "advice", f.advice());
        });
        root.remove("calculator_values");
        if (r.hasCalculatorValues()) {
            calculator(root.putObject("calculator_values"), r.calculator());
        }
        if (r.tolerancePct() != null) {
            putDecimal(root, "tolerance_pct", r.tolerancePct());
        } else {
            root.remove("tolerance_pct");
        }
        root.remove("comparison");
        if (comparison != null) {
            root.set("comparison", ComparisonJson.toJson(comparison));
        }
        return root;
    }

    private static ObjectNode section(ObjectNode root, String key) {
        return root.get(key) instanceof ObjectNode existing ? existing : root.putObject(key);
    }

    private static void model(ObjectNode m, ProfileReport r) {
        ModelInfo info = r.model();
        putText(m, "name", info.name());
        putText(m, "model_name", info.name()); // the key compare-estimates.py prints
        putNumber(m, "num_parameters", info.numParameters());
        putNumber(m, "num_layers", info.numLayers());
        putNumber(m, "num_heads", info.numHeads());
        putNumber(m, "num_kv_heads", info.numKvHeads());
        putNumber(m, "head_dim", info.headDim());
        putNumber(m, "hidden_size", info.hiddenSize());
        putText(m, "dtype", info.dtype());
        putText(m, "quantization", info.quantization());
        BenchmarkParameters p = r.parameters();
        putNumber(m, "batch_size", p.batchSize());
        if (p.inputLen() != null && p.outputLen() != null) {
            m.put("total_sequence_length", p.inputLen() + p.outputLen());
        }
    }

    private static void parameters(ObjectNode b, BenchmarkParameters p) {
        putNumber(b, "input_len", p.inputLen());
        putNumber(b, "output_len", p.outputLen());
        putNumber(b, "batch_size", p.batchSize());
        putText(b, "dtype", p.dtype());
        putNumber(b, "tensor_parallel_size", p.tensorParallelSize());
        putText(b, "quantization", p.quantization());
        putText(b, "kv_cache_dtype", p.kvCacheDtype());
        putNumber(b, "num_iters_warmup", p.numItersWarmup());
        putNumber(b, "num_iters", p.numIters());
        putNumber(b, "max_model_len", p.maxModelLen());
        putDecimal(b, "gpu_memory_utilization", p.gpuMemoryUtilization());
        if (p.enforceEager() != null) {
            b.put("enforce_eager", p.enforceEager());
        }
        if (!p.other().isEmpty()) {
            ObjectNode other = b.putObject("other");
            p.other().forEach(other::put);
        }
    }

    private static void latency(ObjectNode l, LatencyStats s) {
        putDecimal(l, "avg_latency", s.avgSeconds());
        putDecimal(l, "std_latency", s.stdSeconds());
        ObjectNode pct = l.putObject("percentiles");
        s.percentiles().forEach((k, v) -> putDecimal(pct, k, v));
        ArrayNode list = l.putArray("latencies");
        s.latencies().forEach(v -> list.add(decimal(v)));
    }

    /** The seed's four components and total, following the account; an unknown component has no key. */
    private static void breakdown(ObjectNode b, MemoryAccount m) {
        for (String stem : SEED_STEMS) {
            for (String suffix : new String[] {"_gb", "_bytes", "_source", "_note", "_kind"}) {
                b.remove(stem + suffix);
            }
        }
        b.remove("details");
        b.remove("kv_cache_allocated_gb");
        Map<MemoryComponent, Long> seed = m.calculatorComponents();
        seed.forEach((c, bytes) -> {
            putBytes(b, c.jsonStem(), bytes);
            b.put(c.jsonStem() + "_source", m.calculatorSources(c));
            b.put(c.jsonStem() + "_kind", m.calculatorKind(c).tag());
        });
        if (m.totalBytes() != null) {
            putBytes(b, "total_measured", m.totalBytes());
            b.put("total_measured_source", m.totalSource().tag());
            if (!m.totalNote().isEmpty()) {
                b.put("total_measured_note", m.totalNote());
            }
        }
        if (m.baselineBytes() != null) {
            putBytes(b, "baseline", m.baselineBytes());
        }
    }

    private static void apiStats(ObjectNode a, ApiStats s) {
        putNumber(a, "prompt_tokens", s.promptTokens());
        putNumber(a, "completion_tokens", s.completionTokens());
        putNumber(a, "succeeded_requests", s.succeededRequests());
        putNumber(a, "failed_requests", s.failedRequests());
        putDecimal(a, "wall_seconds", s.wallSeconds());
        putDecimal(a, "output_tokens_per_second", s.outputTokensPerSecond());
        putDecimal(a, "kv_cache_peak_usage_fraction", s.kvCachePeakUsageFraction());
        if (s.timeToFirstToken() != null) {
            latency(a.putObject("ttft"), s.timeToFirstToken());
        }
        if (s.interTokenLatency() != null) {
            latency(a.putObject("itl"), s.interTokenLatency());
        }
        if (s.endToEnd() != null) {
            latency(a.putObject("e2e"), s.endToEnd());
        }
    }

    private static void gpus(ObjectNode g, GpuInfo info) {
        g.put("gpu_type", info.gpuType().tag());
        putNumber(g, "num_gpus", info.numGpus() != null ? Integer.valueOf(info.numGpus()) : Integer.valueOf(info.devices().size()));
        if (info.totalMemoryBytes() != null) {
            putBytes(g, "total_gpu_memory", info.totalMemoryBytes());
        }
        ArrayNode list = g.putArray("gpus");
        for (GpuDevice d : info.devices()) {
            ObjectNode o = list.addObject();
            o.put("index", d.index());
            putText(o, "uuid", d.uuid());
            putText(o, "name", d.name());
            if (d.totalBytes() != null) {
                putBytes(o, "total", d.totalBytes());
            }
            if (d.baselineUsedBytes() != null) {
                putBytes(o, "baseline_used", d.baselineUsedBytes());
            }
            if (d.peakUsedBytes() != null) {
                putBytes(o, "peak_used", d.peakUsedBytes());
            }
            putNumber(o, "peak_at_ms", d.peakAtMillis());
        }
    }

    private static void engine(ObjectNode e, EngineMetadata m) {
        putText(e, "engine_type", m.engineType());
        putText(e, "engine_version", m.engineVersion());
        putText(e, "profiling_method", m.profilingMethod());
        putText(e, "profiler_version", m.profilerVersion());
        putText(e, "sampler_tool", m.samplerTool());
    }

    private static void timeline(ObjectNode root, ProfileReport r) {
        ArrayNode list = root.putArray("gpu_timeline");
        for (GpuTimeline t : r.timeline()) {
            ObjectNode o = list.addObject();
            o.put("index", t.gpuIndex());
            putText(o, "uuid", t.uuid());
            putText(o, "name", t.name());
            ArrayNode times = o.putArray("elapsed_ms");
            ArrayNode used = o.putArray("used_bytes");
            for (int i = 0; i < t.size(); i++) {
                times.add(t.elapsedMillis(i));
                used.add(t.usedBytes(i));
            }
        }
    }

    private static void calculator(ObjectNode c, CalculatorValues v) {
        c.put("source", v.source());
        v.components().forEach((k, bytes) -> putBytes(c, k.jsonStem(), bytes));
        if (v.totalBytes() != null) {
            putBytes(c, "total", v.totalBytes());
        }
        if (!v.formulas().isEmpty() || v.totalFormula() != null) {
            ObjectNode f = c.putObject("formulas");
            v.formulas().forEach((k, text) -> f.put(k.jsonStem(), text));
            putText(f, "total", v.totalFormula());
        }
    }

    /** Writes {@code <stem>_bytes} and the seed-compatible {@code <stem>_gb} in decimal GB. */
    static void putBytes(ObjectNode o, String stem, long bytes) {
        o.put(stem + "_bytes", bytes);
        o.put(stem + "_gb", gb(bytes));
    }

    /** Decimal GB to 4 places, trailing zeros dropped but never in exponent form (20, not 2E+1). */
    static BigDecimal gb(long bytes) {
        BigDecimal v = BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(1_000_000_000L), 4, RoundingMode.HALF_EVEN)
                .stripTrailingZeros();
        return v.scale() < 0 ? v.setScale(0) : v;
    }

    /** A double as the plain decimal it prints as (1.0E-5 becomes 0.00001). */
    static BigDecimal decimal(double v) {
        BigDecimal d = BigDecimal.valueOf(v);
        return d.scale() < 0 ? d.setScale(0) : d;
    }

    static void putDecimal(ObjectNode o, String key, Double value) {
        if (value != null && !value.isNaN() && !value.isInfinite()) {
            o.put(key, decimal(value));
        }
    }

    static void putText(ObjectNode o, String key, String value) {
        if (value != null) {
            o.put(key, value);
        }
    }

    private static void putNumber(ObjectNode o, String key, Number value) {
        if (value instanceof Long l) {
            o.put(key, l);
        } else if (value instanceof Integer i) {
            o.put(key, i);
        }
    }
}
