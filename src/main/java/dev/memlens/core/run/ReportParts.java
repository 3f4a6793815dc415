package dev.memlens.core.run;

import dev.memlens.core.report.BenchmarkParameters;
import dev.memlens.core.report.EngineMetadata;
import dev.memlens.core.report.LatencyStats;
import dev.memlens.core.report.MemoryBreakdown;
import dev.memlens.core.report.ModelInfo;
import dev.memlens.core.report.RunFailure;
import java.util.ArrayList;
import java.util.List;

/** What a workload adds to the report after it ran; anything left null is absent from the report. */
public final class ReportParts {
    private ModelInfo model;
    private BenchmarkParameters parameters;
    private LatencyStats latency;
    private EngineMetadata engine;
    private MemoryBreakdown breakdown;
    private final List<RunFailure> failures = new ArrayList<>();

    public ModelInfo model() {
        return model;
    }

    public ReportParts model(ModelInfo value) {
        this.model = value;
        return this;
    }

    public BenchmarkParameters parameters() {
        return parameters;
    }

    public ReportParts parameters(BenchmarkParameters value) {
        this.parameters = value;
        return this;
    }

    public LatencyStats latency() {
        return latency;
    }

    public ReportParts latency(LatencyStats value) {
        this.latency = value;
        return this;
    }

    public EngineMetadata engine() {
        return engine;
    }

    public ReportParts engine(EngineMetadata value) {
        this.engine = value;
        return this;
    }

    public MemoryBreakdown breakdown() {
        return breakdown;
    }

    public ReportParts breakdown(MemoryBreakdown value) {
        this.breakdown = value;
        return this;
    }

    public List<RunFailure> failures() {
        return List.copyOf(failures);
    }

    public ReportParts failure(RunFailure failure) {
        failures.add(failure);
        return this;
    }
}
