package dev.memlens.core.report;

import dev.memlens.core.gpu.SamplingHealth;
import java.time.Instant;
import java.util.List;

/**
 * Everything MemLens knows of one profiling run: what the original scripts recorded (model, parameters, latency,
 * GPUs, engine) plus the memory account, the per-GPU timeline, phases, calculator values, failures, the GPU
 * processes and the run status. {@code sourceShape} says which profiler wrote it ("memlens", "v1", "v2", "v3",
 * "transformers", "vllm-api"). Build one with {@link #builder()}; change one with {@link #toBuilder()}.
 */
public record ProfileReport(String sourceShape, RunStatus status, String statusMessage, RunMode mode,
                            Instant startedAt, Long durationMillis, ModelInfo model, BenchmarkParameters parameters,
                            LatencyStats latency, MemoryAccount account, GpuInfo gpus, EngineMetadata engine,
                            List<GpuTimeline> timeline, List<PhaseMark> phases, CalculatorValues calculator,
                            Double tolerancePct, List<RunFailure> failures, ApiStats apiStats,
                            SamplingHealth sampling, VllmMetricsSeries vllmMetrics,
                            List<ProcessMemory> processes, EngineShare engineShare) {

    public static final String SCHEMA_VERSION = "memlens-1";
    public static final String SHAPE_MEMLENS = "memlens";

    public ProfileReport {
        status = status == null ? RunStatus.COMPLETED : status;
        model = model == null ? ModelInfo.named("unknown") : model;
        parameters = parameters == null ? BenchmarkParameters.empty() : parameters;
        account = account == null ? MemoryAccount.empty() : account;
        gpus = gpus == null ? GpuInfo.unknown() : gpus;
        engine = engine == null ? EngineMetadata.unknown() : engine;
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
        phases = phases == null ? List.of() : List.copyOf(phases);
        failures = failures == null ? List.of() : List.copyOf(failures);
        processes = processes == null ? List.of() : List.copyOf(processes);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().sourceShape(sourceShape).status(status, statusMessage).mode(mode).startedAt(startedAt)
                .durationMillis(durationMillis).model(model).parameters(parameters).latency(latency).account(account)
                .gpus(gpus).engine(engine).timeline(timeline).phases(phases).calculator(calculator)
                .tolerancePct(tolerancePct).failures(failures).apiStats(apiStats).sampling(sampling)
                .vllmMetrics(vllmMetrics).processes(processes).engineShare(engineShare);
    }

    public boolean hasCalculatorValues() {
        return calculator != null && !calculator.isEmpty();
    }

    public ProfileReport withCalculator(CalculatorValues values) {
        return toBuilder().calculator(values).build();
    }

    public ProfileReport withTolerance(Double pct) {
        return toBuilder().tolerancePct(pct).build();
    }

    public ProfileReport withStatus(RunStatus newStatus, String message) {
        return toBuilder().status(newStatus, message).build();
    }

    /** Whether the run ended before it finished: its figures are what was measured until then. */
    public boolean endedEarly() {
        return status != RunStatus.COMPLETED;
    }

    /** A fluent builder: a new section is one more setter, not a change at every call site. */
    public static final class Builder {
        private String sourceShape = SHAPE_MEMLENS;
        private RunStatus status;
        private String statusMessage;
        private RunMode mode;
        private Instant startedAt;
        private Long durationMillis;
        private ModelInfo model;
        private BenchmarkParameters parameters;
        private LatencyStats latency;
        private MemoryAccount account;
        private GpuInfo gpus;
        private EngineMetadata engine;
        private List<GpuTimeline> timeline;
        private List<PhaseMark> phases;
        private CalculatorValues calculator;
        private Double tolerancePct;
        private List<RunFailure> failures;
        private ApiStats apiStats;
        private SamplingHealth sampling;
        private VllmMetricsSeries vllmMetrics;
        private List<ProcessMemory> processes;
        private EngineShare engineShare;

        private Builder() {
        }

        /** The engine's share of each GPU as its log or /metrics said it; null when it said none. */
        public Builder engineShare(EngineShare v) {
            engineShare = v;
            return this;
        }

        /** vLLM's /metrics over the run (api mode); null when the run scraped none. */
        public Builder vllmMetrics(VllmMetricsSeries v) {
            vllmMetrics = v == null || v.isEmpty() ? null : v;
            return this;
        }

        /** How GPU sampling went (null for reports that do not say, such as the original scripts'). */
        public Builder sampling(SamplingHealth v) {
            sampling = v;
            return this;
        }

        /** The GPU processes the sampler saw during the run (empty when it polled none). */
        public Builder processes(List<ProcessMemory> v) {
            processes = v;
            return this;
        }

        public Builder sourceShape(String v) {
            sourceShape = v;
            return this;
        }

        public Builder status(RunStatus v, String message) {
            status = v;
            statusMessage = message;
            return this;
        }

        public Builder mode(RunMode v) {
            mode = v;
            return this;
        }

        public Builder startedAt(Instant v) {
            startedAt = v;
            return this;
        }

        public Builder durationMillis(Long v) {
            durationMillis = v;
            return this;
        }

        public Builder model(ModelInfo v) {
            model = v;
            return this;
        }

        public Builder parameters(BenchmarkParameters v) {
            parameters = v;
            return this;
        }

        public Builder latency(LatencyStats v) {
            latency = v;
            return this;
        }

        public Builder account(MemoryAccount v) {
            account = v;
            return this;
        }

        public Builder gpus(GpuInfo v) {
            gpus = v;
            return this;
        }

        public Builder engine(EngineMetadata v) {
            engine = v;
            return this;
        }

        public Builder timeline(List<GpuTimeline> v) {
            timeline = v;
            return this;
        }

        public Builder phases(List<PhaseMark> v) {
            phases = v;
            return this;
        }

        public Builder calculator(CalculatorValues v) {
            calculator = v;
            return this;
        }

        public Builder tolerancePct(Double v) {
            tolerancePct = v;
            return this;
        }

        public Builder failures(List<RunFailure> v) {
            failures = v;
            return this;
        }

        public Builder apiStats(ApiStats v) {
            apiStats = v;
            return this;
        }

        public ProfileReport build() {
            return new ProfileReport(sourceShape, status, statusMessage, mode, startedAt, durationMillis, model,
                    parameters, latency, account, gpus, engine, timeline, phases, calculator, tolerancePct, failures,
                    apiStats, sampling, vllmMetrics, processes, engineShare);
        }
    }
}
