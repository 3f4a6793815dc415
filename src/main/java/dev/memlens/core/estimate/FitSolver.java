package dev.memlens.core.estimate;

import dev.memlens.core.model.ModelSpec;

import java.util.OptionalDouble;
import java.util.OptionalInt;

/** What fits on a GPU: the largest batch or context (transformers) and the smallest utilisation (vLLM). */
public final class FitSolver {
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

    /** Smallest gpu_memory_utilization (to 0.005) at which vLLM can serve one request of {@code contextLen} tokens. */
    public static OptionalDouble minUtilization(ModelSpec spec, EstimateRequest r, int contextLen) {
        requireGpu(r);
        EstimateRequest base = r.withVllm(contextLen, r.maxNumBatchedTokens(), r.enforceEager(), r.cudaGraphsInBudget());
        // fits(u) is monotone in u: search the smallest step of 0.005 that serves one request
        int lo = 1;
        int hi = 200;
        if (!fits(spec, base.withUtilization(hi * 0.005))) {
            return OptionalDouble.empty();
        }
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (fits(spec, base.withUtilization(mid * 0.005))) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return OptionalDouble.of(Math.round(lo * 5) / 1000.0);
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
    private static OptionalInt largest(int lo, int hi, java.util.function.IntPredicate ok) {
        if (!ok.test(lo)) {
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
}
