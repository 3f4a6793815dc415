package dev.memlens.core.model;

/** Where a ModelSpec's weight bytes come from. */
public enum WeightSource {
    /** metadata.total_size of model.safetensors.index.json: exact. */
    SAFETENSORS_INDEX("safetensors-index"),
    /** Sum of tensor sizes in the safetensors headers (only the headers are read): exact. */
    SAFETENSORS_HEADERS("safetensors-headers"),
    /** Exact parameter count from the architecture times the dtype size. */
    ARCHITECTURE("architecture");

    private final String tag;

    WeightSource(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
