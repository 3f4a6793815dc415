package dev.memlens.core.estimate;

import dev.memlens.core.model.ModelSpec;
import dev.memlens.core.units.Bytes;

import java.util.Locale;

/**
 * Whether a request fits its GPU, and by how much: for transformers the GPU's memory less the predicted peak; for
 * vLLM the KV pool less what one request of max_model_len needs (the budget itself always fits by construction).
 */
public record FitCheck(boolean fits, long spareBytes, Estimate estimate) {
    /** Estimates {@code r} (which must name the GPU size) and says whether and by how much it fits. */
    public static FitCheck of(ModelSpec spec, EstimateRequest r) {
        if (r.gpuTotalBytes() == null) {
            throw new IllegalArgumentException("a fit check needs the GPU size: pass --gpu or --gpu-memory-gib");
        }
        Estimate e = Estimator.estimate(spec, r);
        long spare = e.engine() == Engine.VLLM
                ? e.bytes(EstimateComponent.KV_CACHE) - VllmRule.requestKvBytes(spec, r)
                : e.gpuTotalBytes() - e.peakBytes();
        return new FitCheck(e.fits(), spare, e);
    }

    /** "fits, with 12.34 GiB to spare" or "does not fit: 3.21 GiB short". */
    public String line() {
        String what = estimate.engine() == Engine.VLLM ? " of KV cache" : "";
        return fits ? String.format(Locale.ROOT, "fits, with %.2f GiB%s to spare", Bytes.toGib(Math.max(0, spareBytes)), what)
                : String.format(Locale.ROOT, "does not fit: %.2f GiB%s short", Bytes.toGib(Math.abs(spareBytes)), what);
    }
}
