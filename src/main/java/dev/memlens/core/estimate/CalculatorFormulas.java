package dev.memlens.core.estimate;

import dev.memlens.core.model.ModelSpec;

/**
 * The llm-sizer calculator's formulas (original-scripts-contract.md §7), for the side-by-side accuracy table.
 * All in decimal GB as the calculator computes, returned in bytes.
 */
public final class CalculatorFormulas {
    /** Weights, KV cache, activations, framework overhead, total; bytes. */
    public record Prediction(long weights, long kvCache, long activations, long overhead, long total) {
    }

    private CalculatorFormulas() {
    }

    /** §7.1, since 2026-02 (GQA-aware). */
    public static Prediction current(ModelSpec s, int batch, int seqLen, int gpus) {
        double weights = s.parameterCount() * 2 / 1e9;
        double kvPerToken = 2.0 * s.layers() * s.kvHeads() * ((double) s.hiddenSize() / s.attentionHeads()) * 2;
        double kv = kvPerToken * batch * seqLen / 1e9;
        double act = (double) batch * seqLen * s.intermediateSize() * 2 / gpus / 1e9;
        double overhead = 1.5 + 0.05 * (weights + kv + act) + (gpus > 1 ? 0.5 * (gpus - 1) : 0);
        double multi = gpus > 1 ? weights * 0.01 * (gpus - 1) : 0;
        return gb(weights, kv, act, overhead + multi);
    }

    /** §7.2, the formula in force when the profiling scripts were written (MHA KV, 8 % overhead). */
    public static Prediction old(ModelSpec s, int batch, int seqLen, int gpus) {
        double weights = s.parameterCount() * 2 / 1e9;
        double kv = 2.0 * s.layers() * s.hiddenSize() * 2 * batch * seqLen / 1e9;
        double act = (double) batch * seqLen * s.hiddenSize() * s.layers() * 4 / gpus / 1e9;
        double overhead = 0.08 * (weights + kv + act);
        double multi = gpus > 1 ? (weights + kv + act + overhead) * 0.02 * (gpus - 1) : 0;
        return gb(weights, kv, act, overhead + multi);
    }

    private static Prediction gb(double w, double kv, double act, double overhead) {
        return new Prediction(Math.round(w * 1e9), Math.round(kv * 1e9), Math.round(act * 1e9),
                Math.round(overhead * 1e9), Math.round((w + kv + act + overhead) * 1e9));
    }
}
