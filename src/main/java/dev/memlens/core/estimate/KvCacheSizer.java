package dev.memlens.core.estimate;

import dev.memlens.core.model.DTypes;
import dev.memlens.core.model.ModelSpec;

/**
 * KV-cache bytes per token and GPU: layers × 2 (K and V) × kv heads per rank × head_dim × element bytes;
 * for MLA one latent of kv_lora_rank + rope dims per layer. KV heads split over tensor-parallel ranks and are
 * replicated when there are fewer heads than ranks (as vLLM does).
 */
public final class KvCacheSizer {
    private KvCacheSizer() {
    }

    public static int kvHeadsPerRank(ModelSpec spec, int tp) {
        return Math.max(1, spec.kvHeads() / tp);
    }

    /** Element bytes of the KV cache: the --kv-cache-dtype, else the activation dtype. */
    public static int elementBytes(ModelSpec spec, String kvCacheDtype, String dtype) {
        String kv = DTypes.normalize(kvCacheDtype);
        if (kv != null) {
            return DTypes.bytes(kv);
        }
        String d = DTypes.normalize(dtype);
        return DTypes.bytes(d == null ? spec.dtype() : d);
    }

    /** Bytes per token over all layers on one GPU. */
    public static long bytesPerToken(ModelSpec spec, int tp, int elementBytes) {
        if (spec.isMla()) {
            return (long) spec.layers() * spec.mla().cachedElementsPerToken() * elementBytes;
        }
        return (long) spec.layers() * 2 * kvHeadsPerRank(spec, tp) * spec.headDim() * elementBytes;
    }

    public static String formula(ModelSpec spec) {
        return spec.isMla() ? "layers × (kv_lora_rank + qk_rope_head_dim) × kv dtype bytes"
                : "layers × 2 × (kv_heads / TP) × head_dim × kv dtype bytes";
    }
}
