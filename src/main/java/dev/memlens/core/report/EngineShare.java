package dev.memlens.core.report;

import java.util.Objects;

/**
 * The share of each GPU the engine reserved for itself (vLLM's gpu_memory_utilization) as the engine itself said it:
 * its start-up log ({@link FigureSource#VLLM_LOG}) or a running server's /metrics ({@link FigureSource#VLLM_METRICS}).
 * The run's own argument is in {@link BenchmarkParameters#gpuMemoryUtilization}; this keeps what the engine reported,
 * so a reopened report can say where its budget's share came from.
 */
public record EngineShare(double share, FigureSource source) {
    public EngineShare {
        Objects.requireNonNull(source, "source");
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("an engine's memory share is in (0, 1], got " + share);
        }
        if (source != FigureSource.VLLM_LOG && source != FigureSource.VLLM_METRICS) {
            throw new IllegalArgumentException("an engine's share comes from its log or its /metrics, not " + source.tag());
        }
    }
}
