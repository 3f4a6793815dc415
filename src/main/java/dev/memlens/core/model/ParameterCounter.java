package dev.memlens.core.model;

import java.util.Set;

/**
 * Exact parameter count of a decoder-only transformer from its config, layer by layer (Llama-2-7B gives
 * 6,738,415,616; Llama-3-8B 8,030,261,248). Also splits the count into the parts quantization treats apart.
 */
public final class ParameterCounter {
    /** Model families whose MLP is up/down only (no gate). */
    private static final Set<String> UNGATED_MLP = Set.of("gpt2", "gpt_neox", "opt", "falcon", "phi", "gpt_bigcode", "starcoder2");
    /** Families normalised by LayerNorm (computed in the activation dtype) rather than RMSNorm's fp32 upcast. */
    private static final Set<String> LAYER_NORM = Set.of("gpt2", "gpt_neox", "opt", "falcon", "phi", "gpt_bigcode", "starcoder2");
    /** Families with per-head RMSNorm on q and k. */
    private static final Set<String> QK_NORM = Set.of("qwen3", "qwen3_moe", "olmo2", "gemma3", "gemma3_text");
    /** Families with four norms per layer (pre/post attention and MLP). */
    private static final Set<String> FOUR_NORMS = Set.of("gemma2", "gemma3", "gemma3_text");

    /** Parameters by where they sit: embeddings and lm_head keep the model dtype under AWQ/GPTQ. */
    public record Breakdown(long embedding, long lmHead, long linear, long other) {
        public long total() {
            return embedding + lmHead + linear + other;
        }
    }

    private ParameterCounter() {
    }

    /** Whether the model's MLP is SiLU-gated (gate, up, down) rather than up/down only. */
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

    public static long count(ModelSpec s) {
        return breakdown(s).total();
    }

    public static Breakdown breakdown(ModelSpec s) {
        long h = s.hiddenSize();
        long embedding = (long) s.vocabSize() * h;
        long lmHead = s.tiedEmbeddings() ? 0 : embedding;
        long linear = 0;
        long other = h; // final norm
        for (int layer = 0; layer < s.layers(); layer++) {
            long[] attention = attention(s);
            linear += attention[0];
            other += attention[1];
            long[] mlp = mlp(s, layer);
            linear += mlp[0];
            other += mlp[1];
            other += (FOUR_NORMS.contains(s.modelType()) ? 4 : 2) * h;
        }
        return new Breakdown(embedding, lmHead, linear, other);
    }

    /** {linear weights, other (biases, norms)} of one attention block. */
    private static long[] attention(ModelSpec s) {
        long h = s.hiddenSize();
        if (s.mla() != null) {
            MlaSpec m = s.mla();
            long qHead = m.qkNopeHeadDim() + m.qkRopeHeadDim();
            long q = m.qLoraRank() > 0
                    ? h * m.qLoraRank() + (long) m.qLoraRank() * s.attentionHeads() * qHead
                    : h * s.attentionHeads() * qHead;
            long kvA = h * (m.kvLoraRank() + m.qkRopeHeadDim());
            long kvB = (long) m.kvLoraRank() * s.attentionHeads() * (m.qkNopeHeadDim() + m.vHeadDim());
            long o = (long) s.attentionHeads() * m.vHeadDim() * h;
            long norms = m.kvLoraRank() + (m.qLoraRank() > 0 ? m.qLoraRank() : 0);
            return new long[] {q + kvA + kvB + o, norms};
        }
        long qDim = (long) s.attentionHeads() * s.headDim();
        long kvDim = (long) s.kvHeads() * s.headDim();
        long linear = h * qDim + 2 * h * kvDim + qDim * h;
        long other = 0;
        if (s.modelType().startsWith("qwen2")) {
            other += qDim + 2 * kvDim; // q, k, v biases; o_proj has none
        } else if (s.attentionBias()) {
            other += qDim + 2 * kvDim + h;
        }
        if (QK_NORM.contains(s.modelType())) {
            other += 2L * s.headDim();
        }
        return new long[] {linear, other};
    }

    /** {linear weights, other} of the MLP or MoE block of one layer. */
    private static long[] mlp(ModelSpec s, int layer) {
        long h = s.hiddenSize();
        int matrices = gatedMlp(s) ? 3 : 2;
        MoeSpec moe = s.moe();
        if (moe == null || layer < moe.leadingDenseLayers()) {
            return new long[] {matrices * h * s.intermediateSize(), 0};
        }
        long experts = (long) moe.experts() * matrices * h * moe.expertIntermediateSize();
        long shared = (long) moe.sharedExperts() * matrices * h * moe.expertIntermediateSize()
                + matrices * h * moe.sharedExpertIntermediateSize();
        long router = h * moe.experts() + (moe.sharedExpertIntermediateSize() > 0 ? h : 0);
        return new long[] {experts + shared, router};
    }
}
