package dev.memlens.core.estimate;

import dev.memlens.core.model.ModelSpec;

import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.IntPredicate;

/**
 * What fits on a GPU: the largest batch or context (transformers: the predicted peak within the GPU), the most
 * concurrent requests or the longest max_model_len (vLLM: the KV pool), and the smallest
 * gpu_memory_utilization that serves a target concurrency. Searches assume fitting is monotone in the variable.
 */
public final class FitSolver {
    /** Utilisation is searched in steps of 0.005, as vLLM users set it. */
    static final double UTILIZATION_STEP = 0.005;

    private FitSolver() {
    }

    /** Largest batch whose predicted peak fits the request's GPU at its input and output lengths. */
    public static OptionalInt maxBatch(ModelSpec spec, EstimateRequest r, int upperBound) {
        requireGpu(r);
        return largest(1, upperBound, b -> fits(spec, r.withBatchAndLengths(b, r.inputLen(), r.outputLen())));
    }

    /** Largest input length (output length kept) that fits at the request's batch size. */
    public static OptionalInt maxInputLen(ModelSpec spec, EstimateRequest r, int upperBound) {
        requireGpu(r);
        return largest(1, upperBound, n -> fits(spec, r.withBatchAndLengths(r.batchSize(), n, r.outputLen())));
    }

    /** vLLM: most requests of max_model_len tokens the KV pool holds at once (its "maximum concurrency"). */
    public static OptionalInt maxConcurrency(ModelSpec spec, EstimateRequest r) {
        requireGpu(r);
        Estimate e = Estimator.estimate(spec, r);
        if (e.maxConcurrency() == null || e.maxConcurrency() < 1) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) Math.min(Integer.MAX_VALUE, Math.floor(e.maxConcurrency())));
    }

    /** vLLM: longest max_model_len at which the KV pool holds {@code concurrency} requests of that length. */
    public static OptionalInt maxModelLen(ModelSpec spec, EstimateRequest r, int concurrency, int upperBound) {
        requireGpu(r);
        return largest(1, upperBound, n -> holds(spec, r.withVllm(n, r.maxNumBatchedTokens(), r.enforceEager(),
                r.cudaGraphsInBudget()), concurrency));
    }

    /** Smallest gpu_memory_utilization (to 0.005) at which vLLM can serve one request of {@code contextLen} tokens. */
    public static OptionalDouble minUtilization(ModelSpec spec, EstimateRequest r, int contextLen) {
        return minUtilization(spec, r, contextLen, 1);
    }

    /** Smallest gpu_memory_utilization (to 0.005) whose KV pool holds {@code concurrency} requests of {@code contextLen}. */
    public static OptionalDouble minUtilization(ModelSpec spec, EstimateRequest r, int contextLen, int concurrency) {
        requireGpu(r);
        EstimateRequest base = r.withVllm(contextLen, r.maxNumBatchedTokens(), r.enforceEager(), r.cudaGraphsInBudget());
        int steps = (int) Math.round(1 / UTILIZATION_STEP);
        OptionalInt lowest = smallest(1, steps, i -> holds(spec, base.withUtilization(i * UTILIZATION_STEP), concurrency));
        return lowest.isPresent() ? OptionalDouble.of(Math.round(lowest.getAsInt() * 5) / 1000.0) : OptionalDouble.empty();
    }

    /** vLLM's --kv-cache-memory (bytes per GPU) that holds {@code concurrency} requests of max_model_len. */
    public static long kvCacheMemoryBytes(ModelSpec spec, EstimateRequest r, int concurrency) {
        return Exact.mul(VllmRule.requestKvBytes(spec, r), concurrency);
    }

    private static boolean holds(ModelSpec spec, EstimateRequest r, int concurrency) {
        Estimate e = Estimator.estimate(spec, r);
        return e.fits() != null && e.fits() && e.maxConcurrency() != null && e.maxConcurrency() >= concurrency;
    }

    private static boolean fits(ModelSpec spec, EstimateRequest r) {
        Boolean fits = Estimator.estimate(spec, r).fits();
        return fits != null && fits;
    }

    private static void requireGpu(EstimateRequest r) {
        if (r.gpuTotalBytes() == null) {
            throw new IllegalArgumentException("the fit solver needs the GPU size: pass --gpu or --gpu-memory-gib");
        }
    }

    /** Largest n in [lo, hi] with ok(n), assuming ok is true up to some n and false after. */
    private static OptionalInt largest(int lo, int hi, IntPredicate ok) {
        if (hi < lo || !ok.test(lo)) {
            return OptionalInt.empty();
        }
        while (lo < hi) {
            int mid = lo + (hi - lo + 1) / 2;
            if (ok.test(mid)) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return OptionalInt.of(lo);
    }

    /** Smallest n in [lo, hi] with ok(n), assuming ok is false up to some n and true after. */
    private static OptionalInt smallest(int lo, int hi, IntPredicate ok) {
        if (hi < lo || !ok.test(hi)) {
            return OptionalInt.empty();
        }
        while (lo < hi) {
            int mid = lo + (hi - lo) / 2;
            if (ok.test(mid)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return OptionalInt.of(lo);
    }
}
