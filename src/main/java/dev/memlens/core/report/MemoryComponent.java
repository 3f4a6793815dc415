package dev.memlens.core.report;

/**
 * The components of the comparison, in the llm-sizer calculator's terms, with the seed-compatible JSON key
 * under {@code memory_breakdown}.
 */
public enum MemoryComponent {
    WEIGHTS("Model Weights", "model_weights"),
    KV_CACHE("KV Cache", "kv_cache"),
    ACTIVATIONS("Activations", "activations"),
    FRAMEWORK_OVERHEAD("Framework Overhead", "framework_overhead");

    private final String displayName;
    private final String jsonStem;

    MemoryComponent(String displayName, String jsonStem) {
        this.displayName = displayName;
        this.jsonStem = jsonStem;
    }

    public String displayName() {
        return displayName;
    }

    /** The key stem: {@code <stem>_gb} and {@code <stem>_bytes}. */
    public String jsonStem() {
        return jsonStem;
    }
}
