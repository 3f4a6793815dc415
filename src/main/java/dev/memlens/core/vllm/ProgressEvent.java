package dev.memlens.core.vllm;

/** One tqdm progress update as printed by vLLM ("Loading safetensors checkpoint shards", "Bench iterations", ...). */
public record ProgressEvent(String description, long current, long total) {
    public double fraction() {
        return total <= 0 ? 0.0 : (double) current / total;
    }
}
