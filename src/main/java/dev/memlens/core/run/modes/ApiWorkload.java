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
import dev.memlens.core.prometheus.PrometheusAuth;
import dev.memlens.core.prometheus.PrometheusClient;
import dev.memlens.core.prometheus.PrometheusException;
import dev.memlens.core.vllm.breakdown.EngineBudget;
import dev.memlens.core.vllm.metrics.MetricsParser;
import dev.memlens.core.vllm.metrics.PrometheusVllmSeries;
import dev.memlens.core.vllm.metrics.VllmMetricsSnapshot;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The API mode: N concurrent streamed requests to a running vLLM server, its metrics (KV usage, running/waiting,
 * preemptions) recorded meanwhile: /metrics polled, or with {@link ApiConfig#prometheusUrl()} every scrape a
 * Prometheus server stored over the run.
 * The server was loaded before the run, so the measured total is the GPUs' used memory at the peak.
 */
public final class ApiWorkload implements Workload {
    private final ApiConfig config;
    private final String mode;
    private final KvPoolTracker kv = new KvPoolTracker();
    /** The utilisation last announced as the engine's budget (guarded by this). */
    private Double announcedUtilization;
    private final List<VllmMetricsSeries.Point> series = new CopyOnWriteArrayList<>();
    private final Object lifecycle = new Object();
    private Thread runThread;
    private volatile boolean cancelled;
    private volatile ModelSpec spec;
    private volatile String servedModel;
    private volatile ApiLoadResult load;
    private volatile RunFailure failure;
    private volatile String metricsSource;

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
        PrometheusMetricsFeed prometheus = prometheusFeed(context);
        MetricsPoller poller = prometheus != null ? null : new MetricsPoller(client, config.metricsInterval(),
                text -> onLiveMetrics(MetricsParser.parse(text), context.elapsedMillis(), context),
                e -> warnOnce(metricsWarned, context, e.getMessage()));
        try {
            if (poller != null) {
                poller.start();
            } else {
                prometheus.start(config.metricsInterval(), scrape -> onLiveMetrics(scrape.snapshot(),
                        scrape.epochMillis() - context.startedAtEpochMillis(), context),
                        e -> warnOnce(metricsWarned, context, e.getMessage()));
            }
            load = client.runConcurrent(config.request(servedModel), total, new ApiProgressListener() {
                @Override
                public void onRequestDone(RequestTiming timing) {
                    context.progress(new ProgressUpdate(RunPhase.REQUESTS, "Requests", done.incrementAndGet(), total));
                    timing.error().ifPresent(error -> context.logLine("stderr",
                            "memlens: request " + timing.index() + " failed: " + error));
                }
            });
        } finally {
            if (poller != null && cancelled) {
                poller.abandon();
            } else if (poller != null) {
                poller.close(); // lets a scrape in flight finish: the server answered it, the series keeps it
            }
            if (prometheus != null) {
                prometheus.close();
            }
        }
        if (cancelled) {
            return;
        }
        if (prometheus != null) {
            readStoredMetrics(prometheus, context);
        } else {
            readFinalMetrics(client, context);
        }
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
            onLiveMetrics(MetricsParser.parse(client.fetchMetrics(java.time.Duration.ofSeconds(10))),
                    context.elapsedMillis(), context);
        } catch (VllmApiException e) {
            context.warning("KV usage unavailable: " + e.getMessage());
        }
    }

    private static void warnOnce(AtomicBoolean warned, RunContext context, String message) {
        if (warned.compareAndSet(false, true)) {
            context.warning("KV usage unavailable: " + message);
        }
    }

    /** One scrape during the run: into the report's series, and the KV usage to the live view. */
    private void onLiveMetrics(VllmMetricsSnapshot snapshot, long atMillis, RunContext context) {
        VllmMetricsSeries.Point point = point(snapshot, atMillis);
        series.add(point);
        context.vllmMetrics(point);
        kv.accept(snapshot, spec, config.tensorParallelSize())
                .ifPresent(usage -> context.kvUsage(usage.fraction(), usage.bytesInUse()));
        announceBudget(context);
    }

    /** The server's utilisation (its /metrics cache_config_info), to the session once it is known or changes. */
    private synchronized void announceBudget(RunContext context) {
        Double share = kv.gpuMemoryUtilization();
        if (EngineBudget.validShare(share) && !share.equals(announcedUtilization)) {
            announcedUtilization = share;
            context.engineBudget(EngineBudget.fromMetrics(share).onGpus(config.tensorParallelSize()));
        }
    }

    private static VllmMetricsSeries.Point point(VllmMetricsSnapshot snapshot, long atMillis) {
        return new VllmMetricsSeries.Point(atMillis, snapshot.kvCacheUsageFraction(), snapshot.runningRequests(),
                snapshot.waitingRequests(), snapshot.preemptionsTotal());
    }

    /** The Prometheus server of --prometheus, or null when /metrics is polled directly. */
    private PrometheusMetricsFeed prometheusFeed(RunContext context) throws WorkloadFailedException {
        if (config.prometheusUrl() == null) {
            return null;
        }
        String match = config.vllmMatch() != null ? config.vllmMatch()
                : PrometheusVllmSeries.instanceMatch(config.baseUrl());
        try {
            PrometheusVllmSeries vllm = new PrometheusVllmSeries(PrometheusClient.of(config.prometheusUrl(),
                    PrometheusAuth.fromEnvironment(context.environment())), match);
            metricsSource = "Prometheus " + vllm.server() + " " + vllm.selector() + ", every stored scrape";
            context.logLine("stderr", "memlens: vLLM metrics from " + metricsSource);
            return new PrometheusMetricsFeed(vllm, context.startedAtEpochMillis());
        } catch (PrometheusException e) {
            throw fail("bad-prometheus", e.getMessage(), "fix --prometheus, --vllm-match or the credential variables");
        }
    }

    /**
     * Replaces the live points with every scrape Prometheus stored over the run (none lost between live reads), on
     * the session's clock; says so when there were none or when they are further apart than a second.
     */
    private void readStoredMetrics(PrometheusMetricsFeed prometheus, RunContext context) throws InterruptedException {
        List<PrometheusVllmSeries.Scrape> scrapes;
        try {
            scrapes = prometheus.finish(System.currentTimeMillis());
        } catch (PrometheusException e) {
            context.warning("vLLM's stored metrics could not be read from Prometheus (" + e.getMessage()
                    + "); the report keeps the " + series.size() + " scrape(s) read live");
            return;
        }
        if (scrapes.isEmpty()) {
            context.warning("Prometheus stored no vLLM series (" + metricsSource + ") during the run: check that it"
                    + " scrapes the server, or name its series with --vllm-match '{job=\"vllm\"}'");
            return;
        }
        long start = context.startedAtEpochMillis();
        series.clear();
        for (PrometheusVllmSeries.Scrape scrape : scrapes) {
            series.add(point(scrape.snapshot(), scrape.epochMillis() - start));
            kv.accept(scrape.snapshot(), spec, config.tensorParallelSize());
        }
        long spacing = medianSpacingMillis(scrapes);
        if (spacing > ApiConfig.MAX_METRICS_INTERVAL.toMillis() + SCRAPE_JITTER_MS) {
            context.warning("Prometheus stored vLLM's metrics every " + spacing + " ms: set scrape_interval: 1s for"
                    + " the server's job so the series has a point at least every second");
        }
    }

    /** Prometheus's scrape times jitter by a few ms; more than this over a second is a longer scrape interval. */
    private static final long SCRAPE_JITTER_MS = 100;

    private static long medianSpacingMillis(List<PrometheusVllmSeries.Scrape> scrapes) {
        if (scrapes.size() < 2) {
            return 0;
        }
        long[] gaps = new long[scrapes.size() - 1];
        for (int i = 1; i < scrapes.size(); i++) {
            gaps[i - 1] = scrapes.get(i).epochMillis() - scrapes.get(i - 1).epochMillis();
        }
        java.util.Arrays.sort(gaps);
        return gaps[gaps.length / 2];
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
                .sorted(java.util.Comparator.comparingLong(VllmMetricsSeries.Point::atMillis)).toList(),
                metricsSource != null ? metricsSource
                        : "vLLM /metrics, polled every " + config.metricsInterval().toMillis() + " ms"));
        ApiReportFigures.account(gpus, spec, kv, config.tensorParallelSize()).ifPresent(parts::account);
        Double share = kv.gpuMemoryUtilization();
        if (EngineBudget.validShare(share)) {
            parts.engineShare(EngineBudget.fromMetrics(share).saidByEngine()); // its source, beside the parameter
        }
        if (failure != null) {
            parts.failure(failure);
        }
    }
}
