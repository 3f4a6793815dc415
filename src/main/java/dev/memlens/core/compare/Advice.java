package dev.memlens.core.compare;

import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.units.Format;

/** The original compare-estimates.py's recommendations per component and direction, given beyond ✓. */
final class Advice {
    private Advice() {
    }

    /** The total passes or fails on the tolerance, not on the 15 % row symbol. */
    static String forTotal(Double percentDiff, Boolean pass, double tolerancePct) {
        String tol = Format.tolerance(tolerancePct);
        if (pass == null) {
            return "The measured total is unknown: no verdict.";
        }
        if (pass) {
            return "Within the " + tol + " tolerance.";
        }
        return (percentDiff == null || percentDiff > 0
                ? "Measured total is higher than calculated"
                : "Measured total is lower than calculated") + ", outside the " + tol
                + " tolerance: the component rows show where the difference is.";
    }

    static String forRow(MemoryComponent component, Double percentDiff, Verdict verdict) {
        if (verdict == Verdict.OK) {
            return "Good match.";
        }
        boolean higher = percentDiff == null || percentDiff > 0;
        return switch (component) {
            case WEIGHTS -> higher
                    ? "Measured weights are higher: check that the quantization settings match and verify the parameter count."
                    : "Measured weights are lower: the model may use better compression, weight sharing or quantization.";
            case KV_CACHE -> higher
                    ? "Measured KV cache is higher: verify the sequence length, and whether the calculator accounts for GQA/MQA"
                            + " (vLLM pre-allocates its whole KV pool)."
                    : "Measured KV cache is lower: possibly PagedAttention or KV cache compression.";
            case ACTIVATIONS -> higher
                    ? "Measured activations are higher: batch size or hidden dimensions may differ, or more temporary buffers are used."
                    : "Measured activations are lower: activation checkpointing or more efficient memory management.";
            case FRAMEWORK_OVERHEAD -> higher
                    ? "Measured overhead is higher: increase the overhead percentage in the calculator."
                    : "Overhead may be overestimated; other components may be overestimated too.";
        };
    }
}
