package dev.memlens.core.model;

/**
 * Exact parameter count of a decoder-only transformer from its config, layer by layer (Llama-2-7B gives
 * 6,738,415,616; Llama-3-8B 8,030,261,248). Also splits the count into the parts quantization treats apart.
 */
public final class ParameterCounter {
    /** Parameters by where they sit: embeddings and lm_head keep the model dtype under AWQ/GPTQ. */
    public record Breakdown(long embedding, long lmHead, long linear, long other) {
        public long total() {
            return embedding + lmHead + linear + other;
        }
    }

    private ParameterCounter() {
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
            other += (ArchitectureTraits.fourNorms(s) ? 4 : 2) * h;
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
        if (ArchitectureTraits.qkNorm(s)) {
            other += 2L * s.headDim();
        }
        return new long[] {linear, other};
    }

    /** {linear weights, other} of the MLP or MoE block of one layer. */
    private static long[] mlp(ModelSpec s, int layer) {
        long h = s.hiddenSize();
        int matrices = ArchitectureTraits.gatedMlp(s) ? 3 : 2;
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
