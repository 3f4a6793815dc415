package dev.memlens.core.estimate;

import dev.memlens.core.model.ModelSpec;

import java.util.Locale;

/**
 * Checks a request against itself and the model before anything is sized: ranges that keep every product inside
 * a long and the work bounded, and the divisibility tensor parallelism needs (vLLM refuses a TP size that does not
 * divide the attention heads, so an estimate for it must not say "fits"). Each failure is one line naming the
 * option and the fix.
 */
public final class EstimateValidation {
    /** Longest prompt or generation sized (16 Mi tokens: far past any context window). */
    public static final int MAX_TOKENS = 1 << 24;
    /** Largest batch (or concurrency) sized. */
    public static final int MAX_BATCH = 1 << 20;
    /** Largest tensor-parallel group sized. */
    public static final int MAX_TENSOR_PARALLEL = 1024;

    private EstimateValidation() {
    }

    public static void check(ModelSpec spec, EstimateRequest r) {
        range("--batch-size", r.batchSize(), 1, MAX_BATCH);
        range("--input-len", r.inputLen(), 1, MAX_TOKENS);
        range("--output-len", r.outputLen(), 0, MAX_TOKENS);
        range("--tensor-parallel-size", r.tensorParallelSize(), 1, MAX_TENSOR_PARALLEL);
        if (r.maxModelLen() != null) {
            range("--max-model-len", r.maxModelLen(), 1, MAX_TOKENS);
        }
        if (r.maxNumBatchedTokens() != null) {
            range("--max-num-batched-tokens", r.maxNumBatchedTokens(), 1, MAX_TOKENS);
        }
        range("block size", r.blockSize(), 1, 1 << 16);
        if (r.gpuTotalBytes() != null && (r.gpuTotalBytes() <= 0 || r.gpuTotalBytes() > (1L << 50))) {
            throw new IllegalArgumentException("GPU memory " + r.gpuTotalBytes() + " bytes is outside 1 B..1 PiB: "
                    + "pass --gpu NAME or a positive --gpu-memory-gib");
        }
        int tp = r.tensorParallelSize();
        if (spec.attentionHeads() % tp != 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "--tensor-parallel-size %d does not divide the model's %d attention heads (%s): use one of %s",
                    tp, spec.attentionHeads(), spec.source(), divisors(spec.attentionHeads())));
        }
        if (spec.kvHeads() % tp != 0 && tp % spec.kvHeads() != 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "--tensor-parallel-size %d neither divides nor is a multiple of the model's %d KV heads (%s): use one of %s",
                    tp, spec.kvHeads(), spec.source(), divisors(spec.attentionHeads())));
        }
        long ffn = spec.isMoe() ? spec.moe().expertIntermediateSize() : spec.intermediateSize();
        if (ffn % tp != 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "--tensor-parallel-size %d does not divide the model's FFN width %d (%s): use a divisor of it",
                    tp, ffn, spec.source()));
        }
    }

    private static void range(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s is %d, outside %,d..%,d", option, value, min, max));
        }
    }

    private static String divisors(int n) {
        StringBuilder b = new StringBuilder();
        for (int d = 1; d <= n && d <= MAX_TENSOR_PARALLEL; d++) {
            if (n % d == 0) {
                b.append(b.length() == 0 ? "" : ", ").append(d);
            }
        }
        return b.toString();
    }
}
