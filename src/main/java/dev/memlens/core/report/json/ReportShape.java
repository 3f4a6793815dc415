package dev.memlens.core.report.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.report.RunMode;

/** Which profiler wrote a report; decides the mode and the default source of each figure when reading. */
enum ReportShape {
    MEMLENS("memlens", null),
    /** The README's documented profile-vllm-bench.py shape. */
    V1("v1", RunMode.BENCH),
    /** profile-vllm-bench-enhanced.py. */
    V2("v2", RunMode.BENCH),
    /** profile-vllm-bench-v3.py, with memory_timeline. */
    V3("v3", RunMode.BENCH),
    /** profile-model-memory.py: total_gb, torch allocator figures. */
    TRANSFORMERS("transformers", RunMode.HF),
    /** profile-vllm-model.py: a running server, guessed breakdown. */
    VLLM_API("vllm-api", RunMode.API);

    final String tag;
    final RunMode mode;

    ReportShape(String tag, RunMode mode) {
        this.tag = tag;
        this.mode = mode;
    }

    static ReportShape detect(JsonNode root) {
        String schema = root.path("schema_version").asText("");
        if (schema.startsWith("memlens")) {
            return MEMLENS;
        }
        JsonNode breakdown = root.path("memory_breakdown");
        if (schema.startsWith("3") || root.has("memory_timeline") || breakdown.has("kv_cache_allocated_gb")) {
            return V3;
        }
        if (schema.startsWith("2") || root.has("dtype_metadata") || root.has("engine_metadata")) {
            return V2;
        }
        if (root.has("all_measurements") || (breakdown.has("total_gb") && !breakdown.has("estimation_method")
                && !root.has("inference_stats"))) {
            return TRANSFORMERS;
        }
        if (root.has("inference_stats") || "vllm_preallocated_cache".equals(breakdown.path("estimation_method").asText())) {
            return VLLM_API;
        }
        return V1;
    }

    /** Where the shape's component figures came from, as far as the original script's method tells. */
    FigureSource defaultSource(MemoryComponent c) {
        return switch (this) {
            case TRANSFORMERS -> FigureSource.TORCH_ALLOCATOR;
            case MEMLENS -> FigureSource.REPORTED;
            default -> c == MemoryComponent.FRAMEWORK_OVERHEAD ? FigureSource.RESIDUAL : FigureSource.FORMULA;
        };
    }

    FigureSource totalSource() {
        return this == TRANSFORMERS ? FigureSource.TORCH_ALLOCATOR : FigureSource.GPU_SAMPLER;
    }
}
