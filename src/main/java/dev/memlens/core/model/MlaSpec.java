package dev.memlens.core.model;

/** Multi-head latent attention (DeepSeek-V2/V3): the KV cache stores kv_lora_rank + the rope part per token. */
public record MlaSpec(int kvLoraRank, int qLoraRank, int qkNopeHeadDim, int qkRopeHeadDim, int vHeadDim) {
    /** Elements cached per token and layer: the compressed latent plus the shared rope key. */
    public int cachedElementsPerToken() {
        return kvLoraRank + qkRopeHeadDim;
    }
}
