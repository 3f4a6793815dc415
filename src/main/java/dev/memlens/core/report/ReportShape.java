package dev.memlens.core.report;

import com.fasterxml.jackson.databind.JsonNode;

/** Which profiler wrote a report; decides the mode and the default source of each figure when reading. */
enum ReportShape {
    MEMLENS("memlens", null),
    /** The README's documented profile-vllm-bench.py shape. */
    V1("v1", "bench"),
    /** profile-vllm-bench-enhanced.py. */
    V2("v2", "bench"),
    /** profile-vllm-bench-v3.py, with memory_timeline. */
    V3("v3", "bench"),
    /** profile-model-memory.py: total_gb, torch allocator figures. */
    TRANSFORMERS("transformers", "hf"),
    /** profile-vllm-model.py: a running server, guessed breakdown. */
    VLLM_API("vllm-api", "api");

    final String tag;
    final String mode;

    ReportShape(String tag, String mode) {
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
