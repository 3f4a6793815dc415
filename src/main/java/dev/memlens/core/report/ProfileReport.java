package dev.memlens.core.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * Everything MemLens knows of one profiling run: what the original scripts recorded (model, parameters, latency,
 * breakdown, GPUs, engine) plus the per-GPU timeline, phases, calculator values, failures and the run status.
 *
 * <p>{@code original} is the JSON the report was read from (null for a new run): writing starts from it so fields
 * MemLens does not model survive a save. {@code sourceShape} says which profiler wrote it ("memlens", "v1", "v2",
 * "v3", "transformers", "vllm-api").
 */
public record ProfileReport(String sourceShape, RunStatus status, String statusMessage, String mode,
                            Instant startedAt, Long durationMillis, ModelInfo model, BenchmarkParameters parameters,
                            LatencyStats latency, MemoryBreakdown measured, GpuInfo gpus, EngineMetadata engine,
                            List<GpuTimeline> timeline, List<PhaseMark> phases, CalculatorValues calculator,
                            Double tolerancePct, List<RunFailure> failures, ObjectNode original) {

    public static final String SCHEMA_VERSION = "memlens-1";
    public static final String SHAPE_MEMLENS = "memlens";

    public ProfileReport {
        status = status == null ? RunStatus.COMPLETED : status;
        model = model == null ? ModelInfo.named("unknown") : model;
        parameters = parameters == null ? BenchmarkParameters.empty() : parameters;
        measured = measured == null ? MemoryBreakdown.empty() : measured;
        gpus = gpus == null ? GpuInfo.unknown() : gpus;
        engine = engine == null ? EngineMetadata.unknown() : engine;
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
        phases = phases == null ? List.of() : List.copyOf(phases);
        failures = failures == null ? List.of() : List.copyOf(failures);
        original = original == null ? null : original.deepCopy();
    }

    @Override
    public ObjectNode original() {
        return original == null ? null : original.deepCopy();
    }

    public boolean hasCalculatorValues() {
        return calculator != null && !calculator.isEmpty();
    }

    public ProfileReport withCalculator(CalculatorValues values) {
        return new ProfileReport(sourceShape, status, statusMessage, mode, startedAt, durationMillis, model, parameters,
                latency, measured, gpus, engine, timeline, phases, values, tolerancePct, failures, original);
    }

    public ProfileReport withTolerance(Double pct) {
        return new ProfileReport(sourceShape, status, statusMessage, mode, startedAt, durationMillis, model, parameters,
                latency, measured, gpus, engine, timeline, phases, calculator, pct, failures, original);
    }

    public ProfileReport withStatus(RunStatus newStatus, String message) {
        return new ProfileReport(sourceShape, newStatus, message, mode, startedAt, durationMillis, model, parameters,
                latency, measured, gpus, engine, timeline, phases, calculator, tolerancePct, failures, original);
    }

    /** The peak of the summed used memory over all GPUs' timelines, or null without a timeline. */
    public Long timelinePeakBytes() {
        Long best = null;
        for (GpuTimeline t : timeline) {
            int i = t.peakIndex();
            if (i >= 0) {
                best = best == null ? t.usedBytes(i) : best + t.usedBytes(i);
            }
        }
        return best;
    }
}
