package dev.memlens.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memlens.core.compare.ComparisonResult;
import dev.memlens.core.compare.ComparisonRow;
import dev.memlens.core.compare.MemoryComparison;
import dev.memlens.core.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Writes a report as JSON: every figure as exact {@code *_bytes} plus the seed-compatible decimal {@code *_gb}, so
 * the original compare-estimates.py can read it. Starts from the JSON the report was read from, so unknown fields
 * are kept.
 */
public final class ReportWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter SEED_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private ReportWriter() {
    }

    public static void write(ProfileReport report, Path file) throws IOException {
        AtomicFiles.writeString(file, toJsonString(report));
    }

    public static String toJsonString(ProfileReport report) {
        try {
            return MAPPER.writeValueAsString(toJson(report)) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode toJson(ProfileReport r) {
        ObjectNode root = r.original() != null ? r.original() : MAPPER.createObjectNode();
        root.put("schema_version", ProfileReport.SCHEMA_VERSION);
        root.put("source_shape", r.sourceShape() == null ? ProfileReport.SHAPE_MEMLENS : r.sourceShape());
        root.put("status", r.status().tag());
        putText(root, "status_message", r.statusMessage());
        putText(root, "mode", r.mode());
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
        breakdown(section(root, "memory_breakdown"), r.measured());
        gpus(section(root, "gpu_info"), r.gpus());
        engine(section(root, "engine_metadata"), r.engine());
        timeline(root, r);
        ArrayNode phases = root.putArray("phases");
        r.phases().forEach(p -> phases.addObject().put("phase", p.phase()).put("start_ms", p.startMillis()));
        ArrayNode failures = root.putArray("failures");
        r.failures().forEach(f -> {
            ObjectNode o = failures.addObject();
            putText(o, "kind", f.kind());
            putText(o, "message", f.message());
            putText(o, "advice", f.advice());
        });
        if (r.hasCalculatorValues()) {
            calculator(root.putObject("calculator_values"), r.calculator());
        }
        double tolerance = r.tolerancePct() == null ? MemoryComparison.DEFAULT_TOLERANCE_PCT : r.tolerancePct();
        root.put("tolerance_pct", tolerance);
        if (r.hasCalculatorValues()) {
            MemoryComparison.compare(r.measured(), r.calculator(), tolerance)
                    .ifPresent(c -> root.set("comparison", ComparisonJson.toJson(c)));
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
        if (p.gpuMemoryUtilization() != null) {
            b.put("gpu_memory_utilization", p.gpuMemoryUtilization());
        }
        if (p.enforceEager() != null) {
            b.put("enforce_eager", p.enforceEager());
        }
        if (!p.other().isEmpty()) {
            ObjectNode other = b.putObject("other");
            p.other().forEach(other::put);
        }
    }

    private static void latency(ObjectNode l, LatencyStats s) {
        if (s.avgSeconds() != null) {
            l.put("avg_latency", s.avgSeconds());
        }
        if (s.stdSeconds() != null) {
            l.put("std_latency", s.stdSeconds());
        }
        ObjectNode pct = l.putObject("percentiles");
        s.percentiles().forEach(pct::put);
        ArrayNode list = l.putArray("latencies");
        s.latencies().forEach(list::add);
    }

    private static void breakdown(ObjectNode b, MemoryBreakdown m) {
        m.components().forEach((c, fig) -> {
            putBytes(b, c.jsonStem(), fig.bytes());
            b.put(c.jsonStem() + "_source", fig.source().tag());
            if (!fig.note().isEmpty()) {
                b.put(c.jsonStem() + "_note", fig.note());
            }
        });
        if (m.total() != null) {
            putBytes(b, "total_measured", m.total().bytes());
            b.put("total_measured_source", m.total().source().tag());
            if (!m.total().note().isEmpty()) {
                b.put("total_measured_note", m.total().note());
            }
        }
        if (m.baselineBytes() != null) {
            putBytes(b, "baseline", m.baselineBytes());
        }
        ObjectNode details = b.putObject("details");
        for (Map.Entry<String, MeasuredFigure> e : m.details().entrySet()) {
            ObjectNode d = details.putObject(e.getKey());
            putBytes(d, "value", e.getValue().bytes());
            d.put("source", e.getValue().source().tag());
            if (!e.getValue().note().isEmpty()) {
                d.put("note", e.getValue().note());
            }
        }
    }

    private static void gpus(ObjectNode g, GpuInfo info) {
        putText(g, "gpu_type", info.gpuType());
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
    }

    /** Writes {@code <stem>_bytes} and the seed-compatible {@code <stem>_gb} in decimal GB. */
    static void putBytes(ObjectNode o, String stem, long bytes) {
        o.put(stem + "_bytes", bytes);
        o.put(stem + "_gb", gb(bytes));
    }

    static BigDecimal gb(long bytes) {
        return BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(1_000_000_000L), 4, RoundingMode.HALF_EVEN)
                .stripTrailingZeros();
    }

    private static void putText(ObjectNode o, String key, String value) {
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

    /** Shared with the CLI's --json output. */
    public static final class ComparisonJson {
        private ComparisonJson() {
        }

        public static ObjectNode toJson(ComparisonResult c) {
            ObjectNode o = MAPPER.createObjectNode();
            ArrayNode rows = o.putArray("rows");
            c.rows().forEach(row -> rows.add(row(row)));
            o.set("total", row(c.total()));
            o.put("pass", c.pass());
            o.put("tolerance_pct", c.tolerancePct());
            return o;
        }

        private static ObjectNode row(ComparisonRow row) {
            ObjectNode o = MAPPER.createObjectNode();
            o.put("component", row.isTotal() ? "total" : row.component().jsonStem());
            o.put("actual_gb", gb(row.actualBytes()));
            o.put("calculated_gb", gb(row.calculatedBytes()));
            o.put("diff_gb", gb(row.diffBytes()));
            if (row.percentDiff() == null) {
                o.putNull("percent_diff");
            } else {
                o.put("percent_diff", BigDecimal.valueOf(row.percentDiff()).setScale(2, RoundingMode.HALF_EVEN));
            }
            o.put("verdict", row.verdict().tag());
            o.put("advice", row.advice());
            return o;
        }
    }
}
