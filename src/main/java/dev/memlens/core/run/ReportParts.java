package dev.memlens.core.run;

import dev.memlens.core.report.BenchmarkParameters;
import dev.memlens.core.report.EngineMetadata;
import dev.memlens.core.report.EngineShare;
import dev.memlens.core.report.LatencyStats;
import dev.memlens.core.report.MemoryAccount;
import dev.memlens.core.report.ApiStats;
import dev.memlens.core.report.ModelInfo;
import dev.memlens.core.report.RunFailure;
import dev.memlens.core.report.VllmMetricsSeries;
import java.util.ArrayList;
import java.util.List;

/** What a workload adds to the report after it ran; anything left null is absent from the report. */
public final class ReportParts {
    private ModelInfo model;
    private BenchmarkParameters parameters;
    private LatencyStats latency;
    private EngineMetadata engine;
    private MemoryAccount account;
    private ApiStats apiStats;
    private VllmMetricsSeries vllmMetrics;
    private EngineShare engineShare;
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

    public MemoryAccount account() {
        return account;
    }

    public ReportParts account(MemoryAccount value) {
        this.account = value;
        return this;
    }

    public ApiStats apiStats() {
        return apiStats;
    }

    public ReportParts apiStats(ApiStats value) {
        this.apiStats = value;
        return this;
    }

    public VllmMetricsSeries vllmMetrics() {
        return vllmMetrics;
    }

    public ReportParts vllmMetrics(VllmMetricsSeries value) {
        this.vllmMetrics = value;
        return this;
    }

    public EngineShare engineShare() {
        return engineShare;
    }

    /** The engine's share of each GPU as its log or /metrics said it. */
    public ReportParts engineShare(EngineShare value) {
        this.engineShare = value;
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
