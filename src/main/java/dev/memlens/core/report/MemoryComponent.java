package dev.memlens.core.report;

/**
 * The components of the comparison, in the llm-sizer calculator's terms, with the seed-compatible JSON key
 * under {@code memory_breakdown}.
 */
public enum MemoryComponent {
    WEIGHTS("model_weights"),
    KV_CACHE("kv_cache"),
    ACTIVATIONS("activations"),
    FRAMEWORK_OVERHEAD("framework_overhead");

    private final String jsonStem;

    MemoryComponent(String jsonStem) {
        this.jsonStem = jsonStem;
    }

    /** The human name, from {@link HumanNames}: "Model weights". */
    public String displayName() {
        return HumanNames.component(this);
    }

    /** The key stem: {@code <stem>_gb} and {@code <stem>_bytes}. */
    public String jsonStem() {
        return jsonStem;
    }
}
