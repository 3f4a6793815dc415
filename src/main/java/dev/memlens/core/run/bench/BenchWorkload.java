package dev.memlens.core.run.bench;

import dev.memlens.core.report.BenchmarkParameters;
import dev.memlens.core.report.EngineShare;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.EngineMetadata;
import dev.memlens.core.report.LatencyStats;
import dev.memlens.core.report.ModelInfo;
import dev.memlens.core.report.FailureKind;
import dev.memlens.core.report.RunFailure;
import dev.memlens.core.estimate.Engine;
import dev.memlens.core.estimate.EstimateRequest;
import dev.memlens.core.estimate.VllmVersions;
import dev.memlens.core.model.QuantizationSpec;
import dev.memlens.core.run.EstimateInput;
import dev.memlens.core.run.GpuFigures;
import dev.memlens.core.run.ProgressUpdate;
import dev.memlens.core.run.ReportParts;
import dev.memlens.core.run.RunContext;
import dev.memlens.core.run.RunPhase;
import dev.memlens.core.run.Workload;
import dev.memlens.core.run.WorkloadFailedException;
import dev.memlens.core.process.ManagedProcess;
import dev.memlens.core.process.ProcessOutcome;
import dev.memlens.core.process.ProcessResult;
import dev.memlens.core.process.ProcessSpec;
import dev.memlens.core.process.StreamKind;
import dev.memlens.core.vllm.bench.BenchLatencyOutput;
import dev.memlens.core.vllm.bench.BenchPhase;
import dev.memlens.core.vllm.bench.BenchProgress;
import dev.memlens.core.vllm.breakdown.EngineBudget;
import dev.memlens.core.vllm.breakdown.VllmAccount;
import dev.memlens.core.vllm.log.EngineConfig;
import dev.memlens.core.vllm.log.KvCapacityKind;
import dev.memlens.core.vllm.log.MemoryKind;
import dev.memlens.core.vllm.log.StartupFailure;
import dev.memlens.core.vllm.log.VllmLogListener;
import dev.memlens.core.vllm.log.VllmLogParser;
import dev.memlens.core.vllm.log.VllmStartupReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Runs {@code vllm bench latency} while the session samples the GPUs; reads vLLM's start-up accounting from its log
 * as it streams, follows the warm-up and bench progress, and reads the latency back from {@code --output-json}.
 */
public final class BenchWorkload implements Workload {
    static final String INSTALL_HINT = "install vLLM (pip install vllm) or set the vLLM command to a Python interpreter"
            + " with -m vllm.entrypoints.cli.main";

    private final BenchConfig config;
    private final VllmLogParser logParser;
    private final BenchLatencyOutput benchOutput;
    private volatile RunContext context;
    private volatile ManagedProcess process;
    private volatile boolean cancelled;
    private volatile String version;
    private volatile Path outputJson;
    private volatile ProcessResult result;
    /** Guarded by logParser: the failure the parser found in the line it is reading, and what the log said of the budget. */
    private StartupFailure lineFailure;
    private Double loggedUtilization;
    private int loggedUtilizationRank = -1;
    private final Map<Integer, Long> loggedGpuTotals = new java.util.HashMap<>();
    private String loggedVersion;
    private EngineBudget announcedBudget;
    /** Whether a line changed what the budget rests on (most lines do not: the budget is not rebuilt for them). */
    private boolean budgetInputsChanged = true;

    public BenchWorkload(BenchConfig config) {
        this.config = config;
        this.logParser = new VllmLogParser(new PhaseFollower());
        this.benchOutput = new BenchLatencyOutput(this::onBenchProgress);
    }

    @Override
    public String mode() {
        return "bench";
    }

    @Override
    public ModelInfo model() {
        return new ModelInfo(config.model(), null, null, null, null, null, null, config.dtype(), config.quantization());
    }

    @Override
    public BenchmarkParameters parameters() {
        Map<String, String> other = new TreeMap<>();
        if (config.dummyWeights()) {
            other.put("load_format", "dummy");
        }
        if (config.trustRemoteCode()) {
            other.put("trust_remote_code", "true");
        }
        if (!config.extraArgs().isEmpty()) {
            other.put("extra_engine_args", String.join(" ", config.extraArgs()));
        }
        other.put("vllm_command", String.join(" ", config.vllmCommand()));
        return new BenchmarkParameters(config.inputLen(), config.outputLen(), config.batchSize(), config.dtype(),
                config.tensorParallelSize(), config.quantization(), config.kvCacheDtype(), config.numItersWarmup(),
                config.numIters(), config.maxModelLen(), config.gpuMemoryUtilization(), config.enforceEager(), other);
    }

    @Override
    public void run(RunContext ctx) throws WorkloadFailedException, InterruptedException {
        this.context = ctx;
        version = detectVersion(ctx);
        if (cancelled) {
            return;
        }
        announceBudget();
        // on an SSH host the scratch folder does not exist: vLLM writes to the host's /tmp, the latency is read from
        // its stdout summary
        boolean local = ctx.processes().isThisMachine();
        outputJson = local ? ctx.scratchDir().resolve("bench-latency.json") : null;
        String jsonTarget = local ? outputJson.toString()
                : "/tmp/memlens-bench-" + java.util.UUID.randomUUID() + ".json";
        ctx.phase(RunPhase.LOADING);
        ProcessSpec spec = ProcessSpec.of(config.benchCommand(jsonTarget))
                .withEnvironment(ctx.environment()).withInstallHint(INSTALL_HINT);
        process = ctx.processes().start(spec, this::onLine);
        if (cancelled) {
            process.cancel();
        }
        result = process.awaitResult();
        if (result.outcome() == ProcessOutcome.CANCELLED || cancelled) {
            return;
        }
        if (!result.succeeded()) {
            throw new WorkloadFailedException(failureMessage(result));
        }
        if ((outputJson == null || !Files.isRegularFile(outputJson)) && benchOutput.result().isEmpty()) {
            throw new WorkloadFailedException("vllm bench latency exited without writing its results ("
                    + Path.of(jsonTarget).getFileName() + ") nor printing its latency: see the log");
        }
    }

    /** Asks vLLM for its version before the long run: a missing vLLM fails here, in seconds. */
    private String detectVersion(RunContext ctx) throws WorkloadFailedException, InterruptedException {
        process = VllmVersionCommand.start(ctx.processes(), config.versionCommand(), ctx.environment(),
                Duration.ofSeconds(120));
        if (cancelled) {
            process.cancel();
        }
        ProcessResult r = process.awaitResult();
        if (r.outcome() == ProcessOutcome.FAILED_TO_START) {
            throw new WorkloadFailedException(r.message());
        }
        if (r.outcome() == ProcessOutcome.CANCELLED) {
            return null;
        }
        String found = VllmVersionCommand.versionIn(r);
        if (found == null && !r.succeeded()) {
            throw new WorkloadFailedException("'" + String.join(" ", config.versionCommand()) + "' failed ("
                    + r.message() + "): " + String.join(" / ", r.stderrTail().subList(Math.max(0, r.stderrTail().size() - 3),
                    r.stderrTail().size())) + ". Check the vLLM command: " + INSTALL_HINT + ".");
        }
        return found;
    }

    private String failureMessage(ProcessResult r) {
        VllmStartupReport log;
        synchronized (logParser) {
            log = logParser.result();
        }
        if (!log.failures().isEmpty()) {
            StartupFailure f = log.failures().get(0);
            return f.message() + " — " + f.advice();
        }
        String tail = r.stderrTail().isEmpty() ? "" : ": " + r.stderrTail().get(r.stderrTail().size() - 1);
        return "vllm bench latency " + r.message() + tail;
    }

    private void onLine(StreamKind stream, String line) {
        StartupFailure failure;
        synchronized (logParser) {
            lineFailure = null;
            logParser.accept(line);
            benchOutput.accept(line);
            failure = lineFailure;
        }
        RunContext ctx = context;
        if (ctx != null) {
            ctx.logLine(stream == StreamKind.STDERR ? "stderr" : "stdout", line, failure == null ? null
                    : runFailure(failure));
        }
        boolean changed;
        synchronized (logParser) {
            changed = budgetInputsChanged;
        }
        if (changed) {
            announceBudget();
        }
    }

    private static RunFailure runFailure(StartupFailure f) {
        return new RunFailure(FailureKind.ENGINE, f.kind().tag(), f.message(), f.advice());
    }

    /**
     * The budget by {@link EngineBudget#resolve}: the run's argument, else what the log says it requested (with the
     * GPU memory vLLM saw, which makes vLLM's own per-GPU bytes), else the default of the vLLM that runs.
     */
    private EngineBudget budget() {
        synchronized (logParser) {
            Long total = loggedUtilizationRank < 0 ? null : loggedGpuTotals.get(loggedUtilizationRank);
            // the GPUs vLLM budgets: the tensor × pipeline parallel size MemLens passes it
            int gpus = EngineBudget.engineGpus(config.tensorParallelSize(),
                    EngineBudget.pipelineParallelSize(config.extraArgs()));
            return EngineBudget.resolve(config.gpuMemoryUtilization(), loggedUtilization, total, engineVersion())
                    .onGpus(gpus);
        }
    }

    /**
     * Tells the session the budget when it is new or changed: once at the start, once when the log says it. Under
     * the parser's lock, so the stdout and stderr readers cannot hand two budgets over out of order (listeners
     * never block).
     */
    private void announceBudget() {
        synchronized (logParser) {
            budgetInputsChanged = false;
            EngineBudget now = budget();
            RunContext ctx = context;
            if (ctx == null || now.equals(announcedBudget)) {
                return;
            }
            announcedBudget = now;
            ctx.engineBudget(now);
        }
    }

    /** The version vLLM answered, else the one its log printed; null when neither said it. */
    private String engineVersion() {
        if (version != null) {
            return version;
        }
        synchronized (logParser) {
            return loggedVersion;
        }
    }

    private void onBenchProgress(BenchProgress p) {
        RunContext ctx = context;
        if (ctx == null) {
            return;
        }
        RunPhase phase = p.phase() == BenchPhase.WARMUP ? RunPhase.WARMUP : RunPhase.MEASURING;
        ctx.phase(phase);
        ctx.progress(new ProgressUpdate(phase, p.phase() == BenchPhase.WARMUP ? "Warm-up" : "Bench", p.current(), p.total()));
    }

    @Override
    public void cancel() {
        cancelled = true;
        ManagedProcess p = process;
        if (p != null) {
            p.cancel();
        }
    }

    @Override
    public Optional<EstimateInput> estimateInput(Map<String, String> environment) {
        dev.memlens.core.model.ModelSpec spec = EstimateInput.specOf(config.model(), environment);
        if (spec == null) {
            return Optional.empty();
        }
        // The rules of the vLLM that ran (detected or logged), and the utilisation it really used (the one rule of
        // EngineBudget: the run's own argument, else what its log says it requested, else that version's default).
        VllmVersions.BudgetRules rules = VllmVersions.find(engineVersion()).orElse(VllmVersions.rules(null));
        double utilization = budget().share();
        EstimateRequest r = EstimateRequest.of(Engine.VLLM, config.batchSize(), config.inputLen(), config.outputLen())
                .withTensorParallel(config.tensorParallelSize())
                .withVllm(config.maxModelLen(), null, config.enforceEager(), rules.graphsInBudget())
                .withUtilization(utilization);
        QuantizationSpec q = null;
        if (config.quantization() != null) {
            try {
                q = QuantizationSpec.parse(config.quantization());
            } catch (IllegalArgumentException e) {
                q = null; // a method the estimator does not model: it falls back to the model's own
            }
        }
        String kv = config.kvCacheDtype() == null || "auto".equals(config.kvCacheDtype()) ? null : config.kvCacheDtype();
        return Optional.of(new EstimateInput(spec, r.withDtypes("auto".equals(config.dtype()) ? null : config.dtype(), kv, q)));
    }

    @Override
    public void contribute(ReportParts parts, GpuFigures gpus) {
        VllmStartupReport log;
        synchronized (logParser) {
            log = logParser.result();
        }
        latency().ifPresent(parts::latency);
        String engineVersion = version != null ? version : log.vllmVersion();
        parts.engine(new EngineMetadata("vllm", engineVersion, "vllm_bench_latency", null, null));
        EngineConfig ec = log.engineConfig();
        if (ec != null) {
            parts.model(new ModelInfo(config.model(), null, null, null, null, null, null,
                    ec.dtype() != null ? ec.dtype() : config.dtype(),
                    ec.quantization() != null ? ec.quantization() : config.quantization()));
        }
        RunContext ctx = context;
        VllmAccount.KvPerToken kv = VllmKvShape.of(config, ctx == null ? System.getenv() : ctx.environment());
        java.util.List<VllmAccount.GpuShare> shares = new java.util.ArrayList<>();
        // each GPU at the run's one peak moment, so the per-GPU totals add up to the run's total
        java.util.List<Long> increases = gpus.increaseAtRunPeak();
        for (int i = 0; i < increases.size(); i++) {
            shares.add(new VllmAccount.GpuShare(gpus.gpuIndexes().get(i), gpus.gpuUuids().get(i), increases.get(i)));
        }
        parts.account(VllmAccount.assemble(log, gpus.sampled() ? gpus.totalIncrease() : null,
                "peak of the summed used memory of " + increases.size() + " GPU(s) − the baseline before vLLM started",
                shares, kv));
        for (StartupFailure f : log.failures()) {
            parts.failure(runFailure(f));
        }
        synchronized (logParser) {
            if (EngineBudget.validShare(loggedUtilization)) {
                // what vLLM's log said it reserved, so a reopened report's budget names its share and source
                parts.engineShare(new EngineShare(loggedUtilization, FigureSource.VLLM_LOG));
            }
        }
    }

    private Optional<LatencyStats> latency() {
        LatencyStats stats = null;
        Path json = outputJson;
        if (json != null && Files.isRegularFile(json)) {
            try {
                stats = BenchLatencyOutput.readJson(json);
            } catch (IOException | IllegalArgumentException e) {
                RunContext ctx = context;
                if (ctx != null) {
                    ctx.warning("The bench JSON could not be read: " + e.getMessage());
                }
            }
        }
        if (stats == null) {
            synchronized (logParser) {
                stats = benchOutput.result().orElse(null);
            }
        }
        return Optional.ofNullable(stats);
    }

    /** Turns vLLM's start-up milestones into phases. */
    private final class PhaseFollower implements VllmLogListener {
        @Override
        public void onMemoryFigure(int rank, MemoryKind kind, long bytes) {
            if (kind == MemoryKind.TOTAL_GPU_MEMORY) {
                loggedGpuTotals.put(rank, bytes);
                budgetInputsChanged = true;
            }
            RunContext ctx = context;
            if (ctx == null) {
                return;
            }
            switch (kind) {
                case WEIGHTS -> ctx.phase(RunPhase.PROFILING);
                case KV_CACHE -> ctx.phase(RunPhase.KV_ALLOCATION);
                case CUDA_GRAPH -> ctx.phase(RunPhase.CUDA_GRAPHS);
                default -> { }
            }
        }

        @Override
        public void onKvCapacity(int rank, KvCapacityKind kind, double value) {
            RunContext ctx = context;
            if (ctx != null && kind == KvCapacityKind.TOKENS) {
                ctx.phase(RunPhase.KV_ALLOCATION);
            }
        }

        @Override
        public void onGpuMemoryUtilization(int rank, double fraction) {
            if (EngineBudget.validShare(fraction) && (loggedUtilizationRank < 0 || rank == loggedUtilizationRank)) {
                loggedUtilizationRank = rank;
                loggedUtilization = fraction;
                budgetInputsChanged = true;
            }
        }

        @Override
        public void onVersion(String vllmVersion) {
            loggedVersion = vllmVersion;
            budgetInputsChanged = true;
        }

        @Override
        public void onFailure(StartupFailure failure) {
            lineFailure = failure;
            RunContext ctx = context;
            if (ctx != null) {
                ctx.warning(failure.message() + " — " + failure.advice());
            }
        }
    }
}
