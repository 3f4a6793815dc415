package dev.memlens.core.run.modes;

import dev.memlens.core.api.ApiLoadResult;
import dev.memlens.core.api.LatencySummary;
import dev.memlens.core.api.RequestTiming;
import dev.memlens.core.model.ModelSpec;
import dev.memlens.core.report.BenchmarkParameters;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.LatencyStats;
import dev.memlens.core.report.MeasuredFigure;
import dev.memlens.core.report.MemoryBreakdown;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.report.ModelInfo;
import dev.memlens.core.run.GpuFigures;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The report's figures of an API run. Latency: end-to-end percentiles under "50"/"90"/"99" (as vLLM's bench),
 * time to first token under "ttft_50".., inter-token latency under "itl_50"... Breakdown: only what was measured or
 * follows from the model's config — no guessed shares.
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
            other.put("prompt_tokens", Long.toString(load.promptTokens()));
            other.put("completion_tokens", Long.toString(load.completionTokens()));
            other.put("output_tokens_per_second", format(load.outputTokensPerSecond()));
            other.put("failed_requests", Long.toString(load.failedCount()));
            other.put("wall_seconds", format(load.wallSeconds()));
        }
        kv.peakFraction().ifPresent(f -> other.put("kv_cache_peak_usage_fraction", format(f)));
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

    static Optional<MemoryBreakdown> breakdown(GpuFigures gpus, ModelSpec spec, KvPoolTracker kv, int ranks) {
        Map<MemoryComponent, MeasuredFigure> components = new EnumMap<>(MemoryComponent.class);
        Map<String, MeasuredFigure> details = new LinkedHashMap<>();
        Optional<KvPoolTracker.Pool> pool = kv.pool();
        pool.ifPresent(p -> {
            components.put(MemoryComponent.KV_CACHE, new MeasuredFigure(p.bytes(), FigureSource.FORMULA, p.formula()));
            kv.peakFraction().ifPresent(f -> details.put("kv_cache_peak_in_use", new MeasuredFigure(
                    Math.round(f * p.bytes()), FigureSource.FORMULA, "peak vllm:kv_cache_usage_perc " + format(f)
                    + " × KV pool")));
        });
        if (spec != null) {
            components.put(MemoryComponent.WEIGHTS, new MeasuredFigure(spec.weightBytes(), FigureSource.FORMULA,
                    "weights of the config (" + spec.weightSource().tag() + ")" + (ranks > 1 ? ", over " + ranks + " GPUs" : "")));
        }
        MeasuredFigure total = null;
        Long baseline = null;
        if (gpus.sampled()) {
            long peak = gpus.peakUsedBytes().stream().mapToLong(Long::longValue).sum();
            baseline = gpus.baselineUsedBytes().stream().mapToLong(Long::longValue).sum();
            total = new MeasuredFigure(peak, FigureSource.GPU_SAMPLER, "used memory at the peak over "
                    + gpus.peakUsedBytes().size() + " GPU(s); the server was loaded before the run");
            details.put("increase_during_run", new MeasuredFigure(gpus.totalIncrease(), FigureSource.GPU_SAMPLER,
                    "peak − baseline while the requests ran"));
            if (components.containsKey(MemoryComponent.WEIGHTS) && components.containsKey(MemoryComponent.KV_CACHE)) {
                long rest = peak - components.get(MemoryComponent.WEIGHTS).bytes()
                        - components.get(MemoryComponent.KV_CACHE).bytes();
                components.put(MemoryComponent.FRAMEWORK_OVERHEAD, new MeasuredFigure(Math.max(0, rest),
                        FigureSource.RESIDUAL, "used at peak − weights − KV pool: activation workspace, CUDA graphs,"
                        + " CUDA context and any other process on these GPUs"));
            }
        }
        if (components.isEmpty() && total == null) {
            return Optional.empty();
        }
        return Optional.of(new MemoryBreakdown(components, total, baseline, details));
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
