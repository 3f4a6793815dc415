package dev.memlens.core.model;

import java.util.Set;

/**
 * What a model family's transformers code does differently, as far as parameters and memory go: the MLP's gate,
 * the norm, q/k norms, Gemma's four norms per layer.
 */
public final class ArchitectureTraits {
    /** Families whose MLP is up/down only (no gate). */
    private static final Set<String> UNGATED_MLP = Set.of("gpt2", "gpt_neox", "opt", "falcon", "phi", "gpt_bigcode", "starcoder2");
    /** Families normalised by LayerNorm (computed in the activation dtype) rather than RMSNorm's fp32 upcast. */
    private static final Set<String> LAYER_NORM = Set.of("gpt2", "gpt_neox", "opt", "falcon", "phi", "gpt_bigcode", "starcoder2");
    /** Families with per-head RMSNorm on q and k. */
    private static final Set<String> QK_NORM = Set.of("qwen3", "qwen3_moe", "olmo2", "gemma3", "gemma3_text");
    /** Families with four norms per layer (pre/post attention and MLP). */
    private static final Set<String> FOUR_NORMS = Set.of("gemma2", "gemma3", "gemma3_text");

    private ArchitectureTraits() {
    }

    /** Whether the model's MLP is gated (gate, up, down) rather than up/down only. */
    public static boolean gatedMlp(ModelSpec s) {
        return !UNGATED_MLP.contains(s.modelType());
    }

    /** Whether the model normalises with RMSNorm (transformers upcasts its input to fp32). */
    public static boolean rmsNorm(ModelSpec s) {
        return !LAYER_NORM.contains(s.modelType());
    }

    /** Whether q and k pass through a per-head RMSNorm (Qwen3, OLMo-2, Gemma-3). */
    public static boolean qkNorm(ModelSpec s) {
        return QK_NORM.contains(s.modelType());
    }

    /** Whether each layer normalises four times, after attention and the MLP too (Gemma-2/3). */
    public static boolean fourNorms(ModelSpec s) {
        return FOUR_NORMS.contains(s.modelType());
    }
}
