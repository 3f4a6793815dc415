package dev.memlens.core.run.modes;

import dev.memlens.core.api.ApiLoadResult;
import dev.memlens.core.api.ApiProgressListener;
import dev.memlens.core.api.MetricsPoller;
import dev.memlens.core.api.RequestTiming;
import dev.memlens.core.api.VllmApiClient;
import dev.memlens.core.api.VllmApiException;
import dev.memlens.core.api.VllmApiTarget;
import dev.memlens.core.estimate.Engine;
import dev.memlens.core.estimate.EstimateRequest;
import dev.memlens.core.model.ModelSpec;
import dev.memlens.core.model.ModelSpecs;
import dev.memlens.core.report.BenchmarkParameters;
import dev.memlens.core.report.EngineMetadata;
import dev.memlens.core.report.ModelInfo;
import dev.memlens.core.report.FailureKind;
import dev.memlens.core.report.RunFailure;
import dev.memlens.core.run.EstimateInput;
import dev.memlens.core.run.GpuFigures;
import dev.memlens.core.run.ProgressUpdate;
import dev.memlens.core.run.ReportParts;
import dev.memlens.core.run.RunContext;
import dev.memlens.core.run.RunPhase;
import dev.memlens.core.run.Workload;
import dev.memlens.core.run.WorkloadFailedException;
import dev.memlens.core.report.VllmMetricsSeries;
import dev.memlens.core.vllm.metrics.MetricsParser;
import dev.memlens.core.vllm.metrics.VllmMetricsSnapshot;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The API mode: N concurrent streamed requests to a running vLLM server, /metrics polled for KV usage meanwhile.
 * The server was loaded before the run, so the measured total is the GPUs' used memory at the peak.
 */
public final class ApiWorkload implements Workload {
    private final ApiConfig config;
    private final String mode;
    private final KvPoolTracker kv = new KvPoolTracker();
    private final List<VllmMetricsSeries.Point> series = new CopyOnWriteArrayList<>();
    private final Object lifecycle = new Object();
    private Thread runThread;
    private volatile boolean cancelled;
    private volatile ModelSpec spec;
    private volatile String servedModel;
    private volatile ApiLoadResult load;
    private volatile RunFailure failure;

    public ApiWorkload(ApiConfig config) {
        this(config, "api");
    }

    ApiWorkload(ApiConfig config, String mode) {
        this.config = config;
        this.mode = mode;
    }

    @Override
    public String mode() {
        return mode;
    }

    @Override
    public ModelInfo model() {
        return ApiReportFigures.model(servedModel != null ? servedModel : config.model(), spec);
    }

    @Override
    public BenchmarkParameters parameters() {
        return ApiReportFigures.parameters(config, spec, load, kv);
    }

    @Override
    public void run(RunContext context) throws WorkloadFailedException, InterruptedException {
        synchronized (lifecycle) {
            if (cancelled) {
                return;
            }
            runThread = Thread.currentThread();
        }
        try {
            runRequests(context);
        } catch (InterruptedException e) {
            if (!cancelled) {
                throw e;
            }
        } finally {
            synchronized (lifecycle) {
                runThread = null;
                if (cancelled) {
                    Thread.interrupted(); // our own cancel's interrupt must not leak into the session's thread
                }
            }
        }
    }

    private void runRequests(RunContext context) throws WorkloadFailedException, InterruptedException {
        spec = loadSpec();
        VllmApiClient client = new VllmApiClient(target(), config.requestTimeout(), config.idleTimeout(),
                VllmApiClient.DEFAULT_MAX_RESPONSE_BYTES);
        try {
            client.checkHealth();
            servedModel = config.model() != null ? config.model() : client.firstModelId();
        } catch (VllmApiException e) {
            throw fail("api-unreachable", e.getMessage(), "start the server or fix --api-url (and --api-key-env)");
        }
        if (cancelled) {
            return;
        }
        context.logLine("stderr", "memlens: " + config.batchSize() + " request(s) to " + client.target() + " for "
                + servedModel);
        int total = config.batchSize();
        AtomicInteger done = new AtomicInteger();
        AtomicBoolean metricsWarned = new AtomicBoolean();
        context.phase(RunPhase.REQUESTS);
        context.progress(new ProgressUpdate(RunPhase.REQUESTS, "Requests", 0, total));
        try (MetricsPoller poller = new MetricsPoller(client, config.metricsInterval(),
                text -> onMetrics(text, context),
                e -> {
                    if (metricsWarned.compareAndSet(false, true)) {
                        context.warning("KV usage unavailable: " + e.getMessage());
                    }
                })) {
            poller.start();
            load = client.runConcurrent(config.request(servedModel), total, new ApiProgressListener() {
                @Override
                public void onRequestDone(RequestTiming timing) {
                    context.progress(new ProgressUpdate(RunPhase.REQUESTS, "Requests", done.incrementAndGet(), total));
                    timing.error().ifPresent(error -> context.logLine("stderr",
                            "memlens: request " + timing.index() + " failed: " + error));
                }
            });
        }
        if (cancelled) {
            return;
        }
        readFinalMetrics(client, context);
        long failed = load.failedCount();
        if (failed == total) {
            String first = load.requests().get(0).error().orElse("unknown error");
            throw fail("requests-failed", "all " + total + " request(s) failed; the first: " + first,
                    "check the server's log (docker logs CONTAINER) and the model name (--model)");
        }
        if (failed > 0) {
            context.warning(failed + " of " + total + " request(s) failed; latency covers the others");
        }
    }

    /** One last reading once the requests are done, so a run shorter than the poll interval still has one. */
    private void readFinalMetrics(VllmApiClient client, RunContext context) {
        try {
            onMetrics(client.fetchMetrics(java.time.Duration.ofSeconds(10)), context);
        } catch (VllmApiException e) {
            context.warning("KV usage unavailable: " + e.getMessage());
        }
    }

    /** One scrape: stamped on the session's clock for the report's series, and the KV usage to the live view. */
    private void onMetrics(String text, RunContext context) {
        VllmMetricsSnapshot snapshot = MetricsParser.parse(text);
        VllmMetricsSeries.Point point = new VllmMetricsSeries.Point(context.elapsedMillis(),
                snapshot.kvCacheUsageFraction(), snapshot.runningRequests(), snapshot.waitingRequests(),
                snapshot.preemptionsTotal());
        series.add(point);
        context.vllmMetrics(point);
        kv.accept(snapshot, spec, config.tensorParallelSize())
                .ifPresent(usage -> context.kvUsage(usage.fraction(), usage.bytesInUse()));
    }

    private ModelSpec loadSpec() throws WorkloadFailedException {
        if (config.modelConfig() == null) {
            return null;
        }
        try {
            return ModelSpecs.load(config.modelConfig());
        } catch (IOException | IllegalArgumentException e) {
            throw fail("bad-config", "Cannot read the model config " + config.modelConfig() + ": " + e.getMessage(),
                    "pass the model's config.json (or its directory) with --config, or leave --config out");
        }
    }

    private VllmApiTarget target() throws WorkloadFailedException {
        try {
            return VllmApiTarget.of(config.baseUrl(), config.apiKey());
        } catch (IllegalArgumentException e) {
            throw fail("bad-url", e.getMessage(), "use the form http://HOST:PORT");
        }
    }

    private WorkloadFailedException fail(String code, String message, String advice) {
        failure = new RunFailure(code.equals("requests-failed") ? FailureKind.WORKLOAD : FailureKind.SETUP, code, message, advice);
        return new WorkloadFailedException(message + " — " + advice);
    }

    @Override
    public void cancel() {
        synchronized (lifecycle) {
            cancelled = true;
            if (runThread != null) {
                runThread.interrupt(); // closes the open streams (VllmApiClient.runConcurrent)
            }
        }
    }

    /**
     * The server's model (--config, else the served id in the Hugging Face cache) under this run's load: the
     * requests' mean prompt tokens (else the prompt's length / 4), max_tokens, the batch, and the utilization and
     * KV dtype /metrics reported.
     */
    @Override
    public java.util.Optional<EstimateInput> estimateInput(java.util.Map<String, String> environment) {
        ModelSpec known = spec;
        String name = servedModel != null ? servedModel : config.model();
        ModelSpec model = known != null ? known : name == null ? null : EstimateInput.specOf(name, environment);
        if (model == null) {
            return java.util.Optional.empty();
        }
        Integer measuredInput = ApiReportFigures.parameters(config, model, load, kv).inputLen();
        int input = measuredInput != null ? measuredInput : Math.max(1, config.prompt().length() / 4);
        EstimateRequest r = EstimateRequest.of(Engine.VLLM, config.batchSize(), input, config.maxTokens())
                .withTensorParallel(config.tensorParallelSize());
        Double utilization = kv.gpuMemoryUtilization();
        if (utilization != null) {
            r = r.withUtilization(utilization);
        }
        String cacheDtype = kv.cacheDtype();
        return java.util.Optional.of(new EstimateInput(model, r.withDtypes(null,
                cacheDtype == null || "auto".equals(cacheDtype) ? null : cacheDtype, null)));
    }

    @Override
    public void contribute(ReportParts parts, GpuFigures gpus) {
        parts.model(model()).parameters(parameters());
        if (load != null) {
            ApiReportFigures.latency(load).ifPresent(parts::latency);
            parts.apiStats(ApiReportFigures.stats(load, kv));
        }
        parts.engine(new EngineMetadata("vllm", null, "openai_api_requests", "memlens api (" + config.batchSize()
                + " concurrent streamed request(s))", null));
        // a scrape in flight when the poller closed may land after the final one
        parts.vllmMetrics(new VllmMetricsSeries(series.stream()
                .sorted(java.util.Comparator.comparingLong(VllmMetricsSeries.Point::atMillis)).toList()));
        ApiReportFigures.account(gpus, spec, kv, config.tensorParallelSize()).ifPresent(parts::account);
        if (failure != null) {
            parts.failure(failure);
        }
    }
}
