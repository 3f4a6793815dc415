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
    /** Families with an RMSNorm on q and k (per head, or over the whole projection as OLMoE's). */
    private static final Set<String> QK_NORM = Set.of("qwen3", "qwen3_moe", "olmo2", "olmoe", "gemma3", "gemma3_text");
    /** Families with four norms per layer (pre/post attention and MLP). */
    private static final Set<String> FOUR_NORMS = Set.of("gemma2", "gemma3", "gemma3_text");
    /** Families whose embedding is scaled by √hidden (a second tokens × hidden tensor) and whose RMSNorm multiplies by (1 + weight) in fp32. */
    private static final Set<String> GEMMA = Set.of("gemma", "gemma2", "gemma3", "gemma3_text");
    /** Families with a second rotary embedding for their local layers (cos and sin built twice). */
    private static final Set<String> TWO_ROPES = Set.of("gemma3", "gemma3_text");
    /** MoE families whose router hands the experts fp32 weights (the weighted expert outputs are fp32). */
    private static final Set<String> FP32_ROUTER_WEIGHTS = Set.of("mixtral", "deepseek_v2");
    /** Families whose q/k norm follows each projection at once (q_norm(q_proj(x))) rather than after all three. */
    private static final Set<String> QK_NORM_AT_PROJECTION = Set.of("qwen3", "qwen3_moe", "olmo2", "olmoe");
    /** Families with one fused q/k/v projection (q, k and v are views of it). */
    private static final Set<String> FUSED_QKV = Set.of("phi3", "gpt_neox");
    /** Families with one fused gate/up projection, chunked. */
    private static final Set<String> FUSED_GATE_UP = Set.of("phi3");
    /** Attention modules that construct o_proj before their qkv projection (Phi3Attention.__init__; recorded trace). */
    private static final Set<String> OUTPUT_PROJECTION_FIRST = Set.of("phi3");
    /** Families whose query enters SDPA head-major, so its output is copied by transpose(1, 2).contiguous(). */
    private static final Set<String> HEAD_MAJOR_ATTENTION_OUTPUT = Set.of("phi3", "gpt_neox");
    /** MoE families that run the shared expert before the routed ones. */
    private static final Set<String> SHARED_EXPERT_FIRST = Set.of("qwen2_moe");

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

    /** Whether the family is Gemma's: scaled embedding, RMSNorm × (1 + weight) computed in fp32. */
    public static boolean gemmaNorm(ModelSpec s) {
        return GEMMA.contains(s.modelType());
    }

    /** How many rotary embeddings the model builds per forward (Gemma-3: a global and a local one). */
    public static int ropeSets(ModelSpec s) {
        return TWO_ROPES.contains(s.modelType()) ? 2 : 1;
    }

    /** Whether the router's top-k weights stay fp32 (Mixtral, DeepSeek-V2) rather than the activation dtype. */
    public static boolean fp32RouterWeights(ModelSpec s) {
        return FP32_ROUTER_WEIGHTS.contains(s.modelType());
    }

    /** Whether the shared expert runs before the routed experts (Qwen2-MoE) rather than after (DeepSeek). */
    public static boolean sharedExpertFirst(ModelSpec s) {
        return SHARED_EXPERT_FIRST.contains(s.modelType());
    }

    /** Whether q_norm/k_norm run right after their own projection (Qwen3, OLMoE) rather than after v_proj. */
    public static boolean qkNormAtProjection(ModelSpec s) {
        return QK_NORM_AT_PROJECTION.contains(s.modelType());
    }

    /** Whether q, k and v come from one fused projection (Phi-3's qkv_proj, GPT-NeoX's query_key_value). */
    public static boolean fusedQkv(ModelSpec s) {
        return FUSED_QKV.contains(s.modelType());
    }

    /** Whether the attention's output projection is built (so allocated) before its q/k/v projection. */
    public static boolean outputProjectionFirst(ModelSpec s) {
        return OUTPUT_PROJECTION_FIRST.contains(s.modelType());
    }

    /** Whether gate and up are one fused projection (Phi-3's gate_up_proj). */
    public static boolean fusedGateUp(ModelSpec s) {
        return FUSED_GATE_UP.contains(s.modelType());
    }

    /** Whether the attention output needs transformers' transpose(1, 2).contiguous() copy (recorded: Phi-3, GPT-NeoX). */
    public static boolean headMajorAttentionOutput(ModelSpec s) {
        return HEAD_MAJOR_ATTENTION_OUTPUT.contains(s.modelType());
    }

    /** Whether attention and MLP both read the layer's input and are summed with it (GPT-NeoX's parallel residual). */
    public static boolean parallelResidual(ModelSpec s) {
        return "gpt_neox".equals(s.modelType());
    }

    /**
     * Whether apply_rotary_pos_emb concatenates each rotated q and k with the rest of its head at once (torch.cat,
     * a copy of the whole tensor) although the rest is empty: Phi-3, whose recorded trace shows one more q- and
     * one more k-sized tensor in every layer. (GPT-NeoX's partial rotary concatenates too, after both are rotated.)
     */
    public static boolean rotaryConcatenatesEach(ModelSpec s) {
        return "phi3".equals(s.modelType());
    }

    /** The share of each head that rotary embeddings rotate (GPT-NeoX's rotary_pct default, 0.25; else all). */
    public static double rotaryFraction(ModelSpec s) {
        return "gpt_neox".equals(s.modelType()) ? 0.25 : 1.0;
    }

    /**
     * Whether layer {@code l} attends within the sliding window: Gemma-2 alternates (even layers slide), Gemma-3
     * slides in five layers of six; every other family with a window slides in all of them.
     */
    public static boolean slidingLayer(ModelSpec s, int l) {
        return switch (s.modelType()) {
            case "gemma2" -> l % 2 == 0;
            case "gemma3", "gemma3_text" -> (l + 1) % 6 != 0;
            default -> true;
        };
    }
}
