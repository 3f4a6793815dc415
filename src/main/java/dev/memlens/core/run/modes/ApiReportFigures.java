package dev.memlens.core.run.modes;

import dev.memlens.core.api.ApiLoadResult;
import dev.memlens.core.api.LatencySummary;
import dev.memlens.core.api.RequestTiming;
import dev.memlens.core.model.ModelSpec;
import dev.memlens.core.report.BenchmarkParameters;
import dev.memlens.core.model.WeightSource;
import dev.memlens.core.report.AccountComponent;
import dev.memlens.core.report.AccountItem;
import dev.memlens.core.report.ApiStats;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.LatencyStats;
import dev.memlens.core.report.MeasuredFigure;
import dev.memlens.core.report.MemoryAccount;
import dev.memlens.core.report.ModelInfo;
import dev.memlens.core.run.GpuFigures;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The report's figures of an API run. Latency: end-to-end percentiles under "50"/"90"/"99" (as vLLM's bench),
 * time to first token under "ttft_50".., inter-token latency under "itl_50"...; the typed {@link ApiStats}. Account:
 * only what was measured or follows from measured figures — no guessed shares.
 */
final class ApiReportFigures {
    private ApiReportFigures() {
    }

    static ModelInfo model(String name, ModelSpec spec) {
        String shown = name == null ? "unknown" : name;
        if (spec == null) {
            return ModelInfo.named(shown);
        }
        return new ModelInfo(shown, spec.parameterCount(), spec.layers(), spec.attentionHeads(), spec.kvHeads(),
                spec.headDim(), spec.hiddenSize(), spec.dtype(), spec.quantization() == null || spec.quantization().isNone()
                ? null : spec.quantization().method());
    }

    static BenchmarkParameters parameters(ApiConfig config, ModelSpec spec, ApiLoadResult load, KvPoolTracker kv) {
        Map<String, String> other = new LinkedHashMap<>();
        other.put("api_url", config.baseUrl());
        other.put("endpoint", config.chat() ? "/v1/chat/completions" : "/v1/completions");
        Integer inputLen = null;
        if (load != null) {
            long ok = load.requests().stream().filter(RequestTiming::succeeded).count();
            if (ok > 0 && load.promptTokens() > 0) {
                inputLen = (int) (load.promptTokens() / ok);
            }
        }
        return new BenchmarkParameters(inputLen, config.maxTokens(), config.batchSize(), spec == null ? null : spec.dtype(),
                config.tensorParallelSize(), null, kv.cacheDtype(), null, null, null, kv.gpuMemoryUtilization(), null,
                other);
    }

    static Optional<LatencyStats> latency(ApiLoadResult load) {
        if (load.endToEnd().count() == 0) {
            return Optional.empty();
        }
        Map<String, Double> percentiles = new LinkedHashMap<>();
        put(percentiles, "", load.endToEnd());
        put(percentiles, "ttft_", load.timeToFirstToken());
        put(percentiles, "itl_", load.interTokenLatency());
        return Optional.of(new LatencyStats(load.endToEnd().mean(), null, percentiles,
                load.requests().stream().filter(RequestTiming::succeeded).map(RequestTiming::endToEndS).toList()));
    }

    private static void put(Map<String, Double> percentiles, String prefix, LatencySummary summary) {
        if (summary.count() == 0) {
            return;
        }
        percentiles.put(prefix + "50", summary.p50());
        percentiles.put(prefix + "90", summary.p90());
        percentiles.put(prefix + "99", summary.p99());
    }

    /** The typed API figures: token counts, failures, the three latency distributions, the output rate. */
    static ApiStats stats(ApiLoadResult load, KvPoolTracker kv) {
        long ok = load.requests().stream().filter(RequestTiming::succeeded).count();
        return new ApiStats(load.promptTokens(), load.completionTokens(), ok, load.failedCount(), load.wallSeconds(),
                load.outputTokensPerSecond(), stats(load.timeToFirstToken()), stats(load.interTokenLatency()),
                stats(load.endToEnd()), kv.peakFraction().orElse(null));
    }

    private static LatencyStats stats(LatencySummary s) {
        if (s.count() == 0) {
            return null;
        }
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("50", s.p50());
        p.put("90", s.p90());
        p.put("99", s.p99());
        return new LatencyStats(s.mean(), null, p, List.of());
    }

    /**
     * The account of an attached server: the total is the per-process memory on the server's GPUs at the run's peak
     * moment where the sampler has it, else the used memory of the server's GPUs at the peak (the server was loaded
     * before MemLens came, so there is no baseline to remove); each GPU's total follows the same definition; the KV pool comes from /metrics'
     * cache_config_info blocks × the config's block bytes; the weights from the model's files or architecture.
     * Activations, CUDA graphs and non-torch memory are not visible from outside: unknown.
     */
    static Optional<MemoryAccount> account(GpuFigures gpus, ModelSpec spec, KvPoolTracker kv, int ranks) {
        MemoryAccount.Builder b = MemoryAccount.builder();
        if (spec != null) {
            boolean files = spec.weightSource() != WeightSource.ARCHITECTURE;
            b.derived(AccountComponent.WEIGHTS, spec.weightBytes(), files ? FigureSource.CONFIG : FigureSource.FORMULA,
                    "weights of the model's " + (files ? "safetensors files" : "architecture × dtype") + " ("
                            + spec.weightSource().tag() + ")" + (ranks > 1 ? ", over " + ranks + " GPUs" : ""));
        } else {
            b.unknown(AccountComponent.WEIGHTS, "the model's config.json is not known (pass --model-config)");
        }
        Optional<KvPoolTracker.Pool> pool = kv.pool();
        if (pool.isPresent()) {
            b.derived(AccountComponent.KV_CACHE, pool.get().bytes(), FigureSource.VLLM_METRICS, pool.get().formula());
            kv.peakFraction().ifPresent(f -> b.detail("kv_cache_peak_in_use", new MeasuredFigure(
                    Math.round(f * pool.get().bytes()), FigureSource.VLLM_METRICS, "peak vllm:kv_cache_usage_perc "
                    + format(f) + " × KV pool")));
        } else {
            b.unknown(AccountComponent.KV_CACHE, "the server's /metrics gave no cache_config_info block count"
                    + (spec == null ? " or the model's config is unknown" : ""));
        }
        b.unknown(AccountComponent.ACTIVATIONS, "not visible from outside a running server");
        b.unknown(AccountComponent.CUDA_GRAPHS, "not visible from outside a running server");
        b.unknown(AccountComponent.NON_TORCH, "not visible from outside a running server");
        java.util.OptionalLong processes = gpus.sampled() ? gpus.processBytesAtRunPeak() : java.util.OptionalLong.empty();
        // each GPU's total follows the run's: its processes' memory where the sampler placed them, else its used memory
        Optional<List<Long>> processesPerGpu = gpus.processBytesPerGpuAtRunPeak();
        List<Long> perGpuTotals = processes.isPresent() && processesPerGpu.isPresent() ? processesPerGpu.get()
                : gpus.usedAtRunPeakBytes();
        if (processes.isPresent()) {
            b.total(processes.getAsLong(), FigureSource.GPU_SAMPLER, "per-process memory of the "
                    + gpus.processesAtPeak().size() + " process(es) on the server's GPUs at the run's peak ("
                    + processList(gpus) + "); the server was loaded before the run"
                    + (processesPerGpu.isPresent() ? "" : "; the processes could not be placed on their GPUs, so each"
                    + " GPU's total is its used memory and the GPUs' totals do not add up to this one"))
                    .peak(gpus.runPeakBytes()).baseline(gpus.baselineBytes());
            b.detail("gpu_used_at_peak", new MeasuredFigure(gpus.runPeakBytes(), FigureSource.GPU_SAMPLER,
                    "used memory of the server's GPUs at the peak: the processes plus what no process holds"));
        } else if (gpus.sampled()) {
            b.total(gpus.runPeakBytes(), FigureSource.GPU_SAMPLER, "used memory of the server's "
                    + gpus.peakUsedBytes().size() + " GPU(s) at the peak (the sampler has no per-process memory, so"
                    + " anything else on these GPUs is included); the server was loaded before the run")
                    .peak(gpus.runPeakBytes()).baseline(gpus.baselineBytes());
            b.detail("increase_during_run", new MeasuredFigure(gpus.totalIncrease(), FigureSource.GPU_SAMPLER,
                    "peak − used memory before the requests"));
        } else if (spec == null && pool.isEmpty()) {
            return Optional.empty();
        }
        b.unattributedNote("used at the peak minus weights and KV pool: activation workspace, CUDA graphs, CUDA"
                + " context and any other process on these GPUs");
        // vLLM sizes the same pool on every rank: with one rank per sampled GPU each holds its share
        Map<AccountComponent, List<AccountItem>> perGpu = new java.util.EnumMap<>(AccountComponent.class);
        int sampled = gpus.usedAtRunPeakBytes().size();
        if (pool.isPresent() && sampled > 1 && pool.get().ranks() == sampled && pool.get().bytes() % sampled == 0) {
            long share = pool.get().bytes() / sampled;
            perGpu.put(AccountComponent.KV_CACHE, java.util.Collections.nCopies(sampled, AccountItem.derived(
                    AccountComponent.KV_CACHE, share, FigureSource.VLLM_METRICS, "one rank's KV pool: " + pool.get().formula()
                            + " / " + sampled + " ranks")));
        }
        return Optional.of(dev.memlens.core.run.PerGpuAccounts.attach(b.build(), gpus, perGpuTotals, perGpu));
    }

    private static String processList(GpuFigures gpus) {
        java.util.StringJoiner j = new java.util.StringJoiner(", ");
        for (dev.memlens.core.gpu.GpuProcessSample p : gpus.processesAtPeak()) {
            j.add("pid " + p.pid() + " " + p.processName() + " " + dev.memlens.core.units.Bytes.format(p.usedBytes(),
                    dev.memlens.core.units.MemoryUnit.GIB) + (p.gpuIndex() != null ? " on GPU " + p.gpuIndex() : ""));
        }
        return j.toString();
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
