package dev.memlens.core.compare;

import dev.memlens.core.report.MemoryComponent;

/** The original compare-estimates.py's recommendations per component and direction, given beyond ✓. */
final class Advice {
    private Advice() {
    }

    static String forRow(MemoryComponent component, Double percentDiff, Verdict verdict) {
        if (verdict == Verdict.OK) {
            return "Good match.";
        }
        boolean higher = percentDiff == null || percentDiff > 0;
        if (component == null) {
            return higher
                    ? "Measured total is higher than calculated: look at the components below for where the extra went."
                    : "Measured total is lower than calculated: the calculator over-provisions for this run.";
        }
        return switch (component) {
            case WEIGHTS -> higher
                    ? "Actual weights are higher: check that the quantization settings match and verify the parameter count."
                    : "Actual weights are lower: the model may use better compression, weight sharing or quantization.";
            case KV_CACHE -> higher
                    ? "Actual KV cache is higher: verify the sequence length, and whether the calculator accounts for GQA/MQA"
                            + " (vLLM pre-allocates its whole KV pool)."
                    : "Actual KV cache is lower: possibly PagedAttention or KV cache compression.";
            case ACTIVATIONS -> higher
                    ? "Actual activations are higher: batch size or hidden dimensions may differ, or more temporary buffers are used."
                    : "Actual activations are lower: activation checkpointing or more efficient memory management.";
            case FRAMEWORK_OVERHEAD -> higher
                    ? "Actual overhead is higher: increase the overhead percentage in the calculator."
                    : "Overhead may be overestimated; other components may be overestimated too.";
        };
    }
}
