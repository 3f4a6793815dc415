package dev.memlens.core.estimate;

/** The estimator's own components, with their --json key under "components". */
public enum EstimateComponent {
    WEIGHTS("weights_bytes"),
    KV_CACHE("kv_cache_bytes"),
    ACTIVATIONS("activations_bytes"),
    CUDA_CONTEXT("cuda_context_bytes"),
    CUDA_GRAPHS("cuda_graphs_bytes"),
    OTHER("other_bytes");

    private final String jsonKey;

    EstimateComponent(String jsonKey) {
        this.jsonKey = jsonKey;
    }

    public String jsonKey() {
        return jsonKey;
    }
}
