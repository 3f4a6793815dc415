package dev.memlens.app.charts;

import dev.memlens.core.estimate.VllmVersions;

import java.util.Locale;

/**
 * The share of each GPU the engine reserves for itself (vLLM's gpu_memory_utilization) and where MemLens got it:
 * the run's own arguments, the engine's log, or the engine's default when neither said it.
 */
public record EngineBudget(double share, Source source) {
    /** vLLM's default gpu_memory_utilization before its log says the value: that of the newest vLLM MemLens models. */
    public static final double VLLM_DEFAULT_SHARE = VllmVersions.rules(null).defaultUtilization();

    public enum Source {
        ARGUMENTS("from --gpu-memory-utilization"),
        ENGINE_LOG("from the vLLM log"),
        ENGINE_DEFAULT("today's vLLM default, not yet in the log");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public EngineBudget {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("an engine's memory share is in (0, 1], got " + share);
        }
    }

    public static EngineBudget fromArguments(double share) {
        return new EngineBudget(share, Source.ARGUMENTS);
    }

    public static EngineBudget fromLog(double share) {
        return new EngineBudget(share, Source.ENGINE_LOG);
    }

    public static EngineBudget vllmDefault() {
        return new EngineBudget(VLLM_DEFAULT_SHARE, Source.ENGINE_DEFAULT);
    }

    /** What the log says replaces a default, never the run's own arguments (those are what vLLM was given). */
    public EngineBudget withLogValue(double logShare) {
        return source == Source.ARGUMENTS ? this : fromLog(logShare);
    }

    String shareText() {
        return String.format(Locale.ROOT, "%.2f", share);
    }
}
