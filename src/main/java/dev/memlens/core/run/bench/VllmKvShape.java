package dev.memlens.core.run.bench;

import dev.memlens.core.estimate.KvCacheSizer;
import dev.memlens.core.model.ModelSpec;
import dev.memlens.core.run.EstimateInput;
import dev.memlens.core.vllm.breakdown.VllmAccount;
import java.util.Map;

/**
 * KV bytes per token of a bench run's model, from its config.json (the {@code --model} directory, else the Hugging
 * Face cache), so a log that gives the KV cache only in tokens or blocks still gives bytes.
 */
final class VllmKvShape {
    /** vLLM's default block size (tokens per KV block) on CUDA. */
    static final int DEFAULT_BLOCK_SIZE = 16;

    private VllmKvShape() {
    }

    /** Null when no config.json is found or it cannot be read: the KV cache then stays unknown. */
    static VllmAccount.KvPerToken of(BenchConfig config, Map<String, String> env) {
        ModelSpec spec = EstimateInput.specOf(config.model(), env);
        if (spec == null) {
            return null;
        }
        String where = EstimateInput.localModel(config.model()) != null ? "config.json in " + config.model()
                : "config.json from the Hugging Face cache";
        int tp = Math.max(1, config.tensorParallelSize());
        int element = KvCacheSizer.elementBytes(spec, config.kvCacheDtype(), config.dtype());
        return new VllmAccount.KvPerToken(KvCacheSizer.bytesPerToken(spec, tp, element), DEFAULT_BLOCK_SIZE,
                KvCacheSizer.formula(spec) + " = " + element + "-byte elements" + (tp > 1 ? ", TP " + tp : ""), where);
    }
}
