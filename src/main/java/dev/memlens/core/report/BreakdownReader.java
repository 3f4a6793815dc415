package dev.memlens.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads {@code memory_breakdown} (and the calculator values) of every report shape. */
final class BreakdownReader {
    private static final String PATH = "memory_breakdown";
    private final JsonFields f;

    BreakdownReader(JsonFields fields) {
        this.f = fields;
    }

    MemoryBreakdown read(JsonNode root, ReportShape shape) throws ReportFormatException {
        JsonNode b = f.object(root, "", PATH);
        if (b == null) {
            throw f.error(PATH, "missing: this file is not a MemLens report nor one of the original profiling scripts'"
                    + " reports. Open a report written by MemLens, profile-vllm-bench*.py, profile-model-memory.py"
                    + " or profile-vllm-model.py.");
        }
        Map<MemoryComponent, MeasuredFigure> components = new EnumMap<>(MemoryComponent.class);
        for (MemoryComponent c : MemoryComponent.values()) {
            Long bytes = f.bytes(b, PATH, c.jsonStem());
            if (bytes == null && c == MemoryComponent.KV_CACHE && shape == ReportShape.V3) {
                bytes = f.bytes(b, PATH, "kv_cache_allocated");
            }
            if (bytes != null) {
                components.put(c, new MeasuredFigure(bytes, source(root, b, shape, c), f.text(b, PATH, c.jsonStem() + "_note")));
            }
        }
        MeasuredFigure total = total(b, shape);
        Long baseline = f.bytes(b, PATH, "baseline");
        return new MemoryBreakdown(components, total, baseline, details(root, b, shape));
    }

    private MeasuredFigure total(JsonNode b, ReportShape shape) throws ReportFormatException {
        Long bytes = f.bytes(b, PATH, "total_measured");
        if (bytes == null) {
            bytes = f.bytes(b, PATH, "total");
        }
        if (bytes == null) {
            return null;
        }
        String tag = f.text(b, PATH, "total_measured_source");
        return new MeasuredFigure(bytes, tag != null ? parseSource(tag, "total_measured_source") : shape.totalSource(),
                f.text(b, PATH, "total_measured_note"));
    }

    private FigureSource source(JsonNode root, JsonNode b, ReportShape shape, MemoryComponent c)
            throws ReportFormatException {
        String tag = f.text(b, PATH, c.jsonStem() + "_source");
        if (tag != null) {
            return parseSource(tag, c.jsonStem() + "_source");
        }
        if (shape == ReportShape.V3 && reportedByVllm(b, c)) {
            return FigureSource.VLLM_LOG;
        }
        return shape.defaultSource(c);
    }

    private FigureSource parseSource(String tag, String key) throws ReportFormatException {
        try {
            return FigureSource.fromTag(tag);
        } catch (IllegalArgumentException e) {
            throw f.error(PATH + "." + key, "unknown source '" + tag + "': use one of vllm-log, torch-allocator,"
                    + " gpu-sampler, formula, residual, reported");
        }
    }

    /** v3 lists which figures it took from vLLM's log in {@code vllm_reported_values_used}. */
    private static boolean reportedByVllm(JsonNode b, MemoryComponent c) {
        JsonNode used = b.path("vllm_reported_values_used");
        String needle = switch (c) {
            case WEIGHTS -> "weight";
            case KV_CACHE -> "kv";
            case ACTIVATIONS -> "activation";
            case FRAMEWORK_OVERHEAD -> "overhead";
        };
        for (Iterator<Map.Entry<String, JsonNode>> it = used.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().toLowerCase(java.util.Locale.ROOT).contains(needle) && e.getValue().asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    private Map<String, MeasuredFigure> details(JsonNode root, JsonNode b, ReportShape shape) throws ReportFormatException {
        Map<String, MeasuredFigure> details = new LinkedHashMap<>();
        JsonNode own = f.object(b, PATH, "details");
        if (own != null) {
            for (Iterator<String> it = own.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                String path = PATH + ".details";
                JsonNode d = f.object(own, path, name);
                Long bytes = f.bytes(d, path + "." + name, "value");
                if (bytes != null) {
                    String tag = f.text(d, path + "." + name, "source");
                    details.put(name, new MeasuredFigure(bytes, tag == null ? FigureSource.REPORTED
                            : parseSource(tag, "details." + name + ".source"), f.text(d, path + "." + name, "note")));
                }
            }
            return details;
        }
        for (String stem : new String[] {"kv_cache_allocated", "kv_cache_used", "graph_capture", "multi_gpu_overhead",
                "net_increase"}) {
            Long bytes = f.bytes(b, PATH, stem);
            if (bytes != null) {
                FigureSource src = stem.equals("net_increase") ? FigureSource.GPU_SAMPLER
                        : shape == ReportShape.V3 && !stem.equals("multi_gpu_overhead") ? FigureSource.VLLM_LOG
                        : FigureSource.FORMULA;
                details.put(stem, MeasuredFigure.of(bytes, src));
            }
        }
        Long peak = f.bytes(f.object(root, "", "all_measurements"), "all_measurements", "peak_memory");
        if (peak != null) {
            details.put("peak_allocated", MeasuredFigure.of(peak, FigureSource.TORCH_ALLOCATOR));
        }
        return details;
    }

    CalculatorValues calculator(JsonNode root) throws ReportFormatException {
        JsonNode c = f.object(root, "", "calculator_values");
        if (c != null) {
            Map<MemoryComponent, Long> values = new EnumMap<>(MemoryComponent.class);
            for (MemoryComponent m : MemoryComponent.values()) {
                Long v = f.bytes(c, "calculator_values", m.jsonStem());
                if (v != null) {
                    values.put(m, v);
                }
            }
            CalculatorValues cv = new CalculatorValues(values, f.bytes(c, "calculator_values", "total"),
                    f.text(c, "calculator_values", "source"));
            return cv.isEmpty() ? null : cv;
        }
        // v2/v3 recorded the llm-sizer formula of the day next to the measurement
        JsonNode cmp = f.object(root, "", "calculator_comparison");
        JsonNode current = cmp == null ? null : f.object(cmp, "calculator_comparison", "current_formula");
        if (current == null) {
            return null;
        }
        String p = "calculator_comparison.current_formula";
        Map<MemoryComponent, Long> values = new EnumMap<>(MemoryComponent.class);
        putIfPresent(values, MemoryComponent.WEIGHTS, f.bytes(current, p, "weights"));
        putIfPresent(values, MemoryComponent.KV_CACHE, f.bytes(current, p, "kv_cache"));
        putIfPresent(values, MemoryComponent.ACTIVATIONS, f.bytes(current, p, "activations"));
        putIfPresent(values, MemoryComponent.FRAMEWORK_OVERHEAD, f.bytes(current, p, "overhead"));
        String version = f.text(current, p, "version");
        CalculatorValues cv = new CalculatorValues(values, f.bytes(current, p, "total"),
                "llm-sizer formula " + (version == null ? "" : version + " ") + "(recorded by the profiler)");
        return cv.isEmpty() ? null : cv;
    }

    private static void putIfPresent(Map<MemoryComponent, Long> map, MemoryComponent c, Long v) {
        if (v != null) {
            map.put(c, v);
        }
    }
}
