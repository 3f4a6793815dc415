package dev.memlens.core.report.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memlens.core.report.AccountComponent;
import dev.memlens.core.report.AccountItem;
import dev.memlens.core.report.CalculatorValues;
import dev.memlens.core.report.FigureKind;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.GpuAccount;
import dev.memlens.core.report.MeasuredFigure;
import dev.memlens.core.report.MemoryAccount;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.report.ReportFormatException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the memory account: MemLens's own {@code memory_account}, else the {@code memory_breakdown} of every older
 * shape (and the calculator values). An older report's framework overhead was "the rest", so it becomes the
 * unattributed item that closes the sum.
 */
final class AccountReader {
    private static final String PATH = "memory_breakdown";
    private static final String ACCOUNT = "memory_account";
    private final JsonFields f;

    AccountReader(JsonFields fields) {
        this.f = fields;
    }

    MemoryAccount read(JsonNode root, ReportShape shape) throws ReportFormatException {
        JsonNode account = f.object(root, "", ACCOUNT);
        if (account != null) {
            return own(account);
        }
        JsonNode b = f.object(root, "", PATH);
        if (b == null) {
            throw f.error(PATH, "missing: this file is not a MemLens report nor one of the original profiling scripts'"
                    + " reports. Open a report written by MemLens, profile-vllm-bench*.py, profile-model-memory.py"
                    + " or profile-vllm-model.py.");
        }
        return legacy(root, b, shape);
    }

    private MemoryAccount own(JsonNode a) throws ReportFormatException {
        MemoryAccount.Builder builder = MemoryAccount.builder();
        Long total = f.wholeNumber(a, ACCOUNT, "total_bytes");
        String totalSource = f.text(a, ACCOUNT, "total_source");
        builder.total(total, totalSource == null ? FigureSource.GPU_SAMPLER : parseSource(totalSource, ACCOUNT + ".total_source"),
                f.text(a, ACCOUNT, "total_note"));
        builder.peak(f.wholeNumber(a, ACCOUNT, "peak_bytes")).baseline(f.wholeNumber(a, ACCOUNT, "baseline_bytes"));
        for (AccountItem item : items(f.array(a, ACCOUNT, "items"), ACCOUNT + ".items")) {
            if (item.component() == AccountComponent.UNATTRIBUTED) {
                builder.unattributedNote(item.note());
            } else {
                builder.item(item);
            }
        }
        JsonNode gpus = f.array(a, ACCOUNT, "per_gpu");
        if (gpus != null) {
            List<GpuAccount> perGpu = new ArrayList<>();
            for (int i = 0; i < gpus.size(); i++) {
                String p = ACCOUNT + ".per_gpu[" + i + "]";
                JsonNode g = gpus.get(i);
                Integer index = f.integer(g, p, "index");
                perGpu.add(GpuAccount.closing(index == null ? i : index, f.text(g, p, "uuid"),
                        f.wholeNumber(g, p, "total_bytes"), items(f.array(g, p, "items"), p + ".items")));
            }
            builder.perGpu(perGpu);
        }
        JsonNode details = f.object(a, ACCOUNT, "details");
        if (details != null) {
            readDetails(details, ACCOUNT + ".details").forEach(builder::detail);
        }
        return builder.build();
    }

    private List<AccountItem> items(JsonNode list, String path) throws ReportFormatException {
        List<AccountItem> items = new ArrayList<>();
        if (list == null) {
            return items;
        }
        for (int i = 0; i < list.size(); i++) {
            String p = path + "[" + i + "]";
            JsonNode n = list.get(i);
            String component = f.text(n, p, "component");
            String kind = f.text(n, p, "kind");
            if (component == null || kind == null) {
                throw f.error(p, "needs 'component' and 'kind'");
            }
            String source = f.text(n, p, "source");
            try {
                items.add(new AccountItem(AccountComponent.fromTag(component), f.wholeNumber(n, p, "bytes"),
                        FigureKind.fromTag(kind), source == null ? null : FigureSource.fromTag(source), f.text(n, p, "note")));
            } catch (IllegalArgumentException e) {
                throw f.error(p, e.getMessage() + ". Components: weights, kv_cache, activations, cuda_graphs,"
                        + " non_torch, allocator_reserve, other_processes, unattributed; kinds: measured, derived,"
                        + " residual, unknown (bytes null)");
            }
        }
        return items;
    }

    private MemoryAccount legacy(JsonNode root, JsonNode b, ReportShape shape) throws ReportFormatException {
        MemoryAccount.Builder builder = MemoryAccount.builder();
        long sum = 0;
        int present = 0;
        for (MemoryComponent c : MemoryComponent.values()) {
            Long bytes = f.bytes(b, PATH, c.jsonStem());
            if (bytes == null && c == MemoryComponent.KV_CACHE && shape == ReportShape.V3) {
                bytes = f.bytes(b, PATH, "kv_cache_allocated");
            }
            if (bytes == null) {
                continue;
            }
            present++;
            sum += bytes;
            FigureSource source = source(b, shape, c);
            String note = f.text(b, PATH, c.jsonStem() + "_note");
            if (c == MemoryComponent.FRAMEWORK_OVERHEAD) {
                builder.detail("framework_overhead_reported", new MeasuredFigure(bytes, source,
                        "the report's framework overhead; in the account it is the rest of the total"));
                builder.unattributedNote("framework overhead: the total minus weights, KV cache and activations"
                        + " (read from a " + shape.tag + " report)");
            } else {
                AccountComponent ac = switch (c) {
                    case WEIGHTS -> AccountComponent.WEIGHTS;
                    case KV_CACHE -> AccountComponent.KV_CACHE;
                    default -> AccountComponent.ACTIVATIONS;
                };
                builder.item(new AccountItem(ac, bytes, kindOf(source), source, note));
            }
        }
        Long total = f.bytes(b, PATH, "total_measured");
        if (total == null) {
            total = f.bytes(b, PATH, "total");
        }
        if (total != null) {
            String tag = f.text(b, PATH, "total_measured_source");
            builder.total(total, tag != null ? parseSource(tag, "total_measured_source") : shape.totalSource(),
                    f.text(b, PATH, "total_measured_note"));
        } else if (present == MemoryComponent.values().length) {
            builder.total(sum, FigureSource.REPORTED, "the sum of the report's components (it gives no measured total)");
        }
        builder.baseline(f.bytes(b, PATH, "baseline"));
        details(root, b, shape).forEach(builder::detail);
        return builder.build();
    }

    /** A formula's or a reported figure is never measured. */
    private static FigureKind kindOf(FigureSource s) {
        return switch (s) {
            case VLLM_LOG, VLLM_METRICS, TORCH_ALLOCATOR, TORCH_TENSORS, GPU_SAMPLER -> FigureKind.MEASURED;
            case RESIDUAL -> FigureKind.RESIDUAL;
            default -> FigureKind.DERIVED;
        };
    }

    private FigureSource source(JsonNode b, ReportShape shape, MemoryComponent c) throws ReportFormatException {
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
            throw f.error(key.startsWith(ACCOUNT) ? key : PATH + "." + key, "unknown source '" + tag + "': use one of"
                    + " vllm-log, vllm-metrics, torch-allocator, torch-tensors, gpu-sampler, config, formula, residual,"
                    + " reported");
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

    private Map<String, MeasuredFigure> readDetails(JsonNode own, String path) throws ReportFormatException {
        Map<String, MeasuredFigure> details = new LinkedHashMap<>();
        for (Iterator<String> it = own.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            JsonNode d = f.object(own, path, name);
            Long bytes = f.signedBytes(d, path + "." + name, "value"); // details may be differences
            if (bytes != null) {
                String tag = f.text(d, path + "." + name, "source");
                details.put(name, new MeasuredFigure(bytes, tag == null ? FigureSource.REPORTED
                        : parseSource(tag, path + "." + name + ".source"), f.text(d, path + "." + name, "note")));
            }
        }
        return details;
    }

    private Map<String, MeasuredFigure> details(JsonNode root, JsonNode b, ReportShape shape) throws ReportFormatException {
        JsonNode own = f.object(b, PATH, "details");
        if (own != null) {
            return readDetails(own, PATH + ".details");
        }
        Map<String, MeasuredFigure> details = new LinkedHashMap<>();
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
            Map<MemoryComponent, String> formulas = new EnumMap<>(MemoryComponent.class);
            JsonNode fs = f.object(c, "calculator_values", "formulas");
            String totalFormula = null;
            if (fs != null) {
                for (MemoryComponent m : MemoryComponent.values()) {
                    String text = f.text(fs, "calculator_values.formulas", m.jsonStem());
                    if (text != null) {
                        formulas.put(m, text);
                    }
                }
                totalFormula = f.text(fs, "calculator_values.formulas", "total");
            }
            CalculatorValues cv = new CalculatorValues(values, f.bytes(c, "calculator_values", "total"),
                    f.text(c, "calculator_values", "source"), formulas, totalFormula);
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
