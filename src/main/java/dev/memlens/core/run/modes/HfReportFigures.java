package dev.memlens.core.run.modes;

import dev.memlens.core.hf.HfEvent;
import dev.memlens.core.hf.HfPhase;
import dev.memlens.core.hf.HfProfileRequest;
import dev.memlens.core.hf.HfRunRecorder;
import dev.memlens.core.hf.TorchAllocatorFigures;
import dev.memlens.core.model.DTypes;
import dev.memlens.core.report.BenchmarkParameters;
import dev.memlens.core.report.EngineMetadata;
import dev.memlens.core.report.AccountComponent;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.LatencyStats;
import dev.memlens.core.report.MeasuredFigure;
import dev.memlens.core.report.MemoryAccount;
import dev.memlens.core.report.ModelInfo;
import dev.memlens.core.run.GpuFigures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The report's figures from a transformers profiler run's events: model, parameters, latency, engine, breakdown. */
final class HfReportFigures {
    private HfReportFigures() {
    }

    static ModelInfo model(HfProfileRequest request, HfRunRecorder recorder) {
        Optional<HfEvent.ModelInfo> info = recorder.model();
        if (info.isEmpty()) {
            return new ModelInfo(request.model(), null, null, null, null, null, null,
                    "auto".equals(request.dtype()) ? null : request.dtype(), null);
        }
        HfEvent.ModelInfo m = info.get();
        Map<String, Object> c = m.config();
        Integer heads = integer(c, "num_attention_heads");
        Integer hidden = integer(c, "hidden_size");
        Integer headDim = integer(c, "head_dim");
        if (headDim == null && heads != null && hidden != null && heads > 0) {
            headDim = hidden / heads;
        }
        Integer kvHeads = integer(c, "num_key_value_heads");
        return new ModelInfo(request.model(), m.numParameters() >= 0 ? m.numParameters() : null,
                integer(c, "num_hidden_layers"), heads, kvHeads == null ? heads : kvHeads, headDim, hidden, m.dtype(), null);
    }

    static BenchmarkParameters parameters(HfProfileRequest request, HfRunRecorder recorder) {
        Integer inputLen = recorder.phases().stream().filter(p -> p.promptTokens().isPresent())
                .map(p -> p.promptTokens().getAsInt()).findFirst()
                .orElse(request.inputLength().isPresent() ? request.inputLength().getAsInt() : null);
        String dtype = recorder.model().map(HfEvent.ModelInfo::dtype).orElse(request.dtype());
        return new BenchmarkParameters(inputLen, request.maxNewTokens(), request.batchSize(), dtype, 1, null, null,
                null, null, null, null, null, HfWorkload.otherParameters(recorder));
    }

    /** generate()'s wall time as the latency, with its time to first token; empty when generate did not finish. */
    static Optional<LatencyStats> latency(HfRunRecorder recorder) {
        Optional<HfEvent.Phase> generated = recorder.phase(HfPhase.GENERATED);
        if (generated.isEmpty() || generated.get().generateSeconds().isEmpty()) {
            return Optional.empty();
        }
        double seconds = generated.get().generateSeconds().getAsDouble();
        Map<String, Double> percentiles = new LinkedHashMap<>();
        percentiles.put("50", seconds);
        recorder.phase(HfPhase.PREFILL).filter(p -> p.timeToFirstTokenS().isPresent())
                .ifPresent(p -> percentiles.put("ttft_50", p.timeToFirstTokenS().getAsDouble()));
        return Optional.of(new LatencyStats(seconds, null, percentiles, List.of(seconds)));
    }

    static EngineMetadata engine(HfRunRecorder recorder, String where) {
        Optional<HfEvent.Environment> env = recorder.environment();
        return new EngineMetadata("transformers", env.map(HfEvent.Environment::transformers).orElse(null),
                "torch_allocator", "memlens_hf_profile.py" + env.map(e -> " (torch " + e.torch() + ", CUDA " + e.cuda()
                + ", " + where + ")").orElse(" (" + where + ")"), null);
    }

    /**
     * The account when the weights were loaded: complete when generate finished, else weights, what the allocator
     * held when the run failed and the sampler's total (a failed run's KV formula would describe a sequence that
     * never existed, so its KV cache stays unknown).
     */
    static Optional<MemoryAccount> account(HfProfileRequest request, HfRunRecorder recorder, GpuFigures gpus) {
        Optional<HfEvent.Phase> loaded = recorder.phase(HfPhase.WEIGHTS_LOADED);
        Long increase = gpus.sampled() ? gpus.totalIncrease() : null;
        Long baseline = !gpus.baselineUsedBytes().isEmpty() ? gpus.baselineBytes() : null;
        if (loaded.isEmpty()) {
            return increase == null ? Optional.empty() : Optional.of(samplerOnly(MemoryAccount.builder(), increase, baseline)
                    .unknown(AccountComponent.WEIGHTS, "the run ended before the weights were loaded").build());
        }
        long before = recorder.phase(HfPhase.LOADING).map(p -> p.allocator().allocated()).orElse(0L);
        long weights = loaded.get().allocator().allocated() - before;
        Optional<HfEvent.Phase> generated = recorder.phase(HfPhase.GENERATED);
        ModelInfo model = model(request, recorder);
        if (generated.isPresent() && model.numLayers() != null && model.numKvHeads() != null && model.headDim() != null) {
            TorchAllocatorFigures end = generated.get().allocator();
            int prompt = generated.get().promptTokens().orElse(request.inputLength().orElse(0));
            int newTokens = generated.get().generatedTokens().orElse(request.maxNewTokens());
            var kv = new TransformersBreakdown.KvShape(model.numLayers(), model.numKvHeads(), model.headDim(),
                    request.batchSize(), prompt + newTokens, DTypes.bytes(model.dtype()));
            Long kvTensors = generated.get().kvCacheBytes().isPresent() ? generated.get().kvCacheBytes().getAsLong() : null;
            return Optional.of(TransformersBreakdown.build(weights, end.phaseMaxAllocated() - before,
                    end.reserved() - before, kv, kvTensors, increase, baseline));
        }
        MemoryAccount.Builder b = MemoryAccount.builder();
        b.measured(AccountComponent.WEIGHTS, weights, FigureSource.TORCH_ALLOCATOR, "memory_allocated after loading");
        b.unknown(AccountComponent.KV_CACHE, "generate did not finish");
        b.unknown(AccountComponent.ACTIVATIONS, "generate did not finish");
        recorder.reportedFailure().flatMap(HfEvent.Failure::allocatorAtFailure).ifPresent(a -> {
            b.detail("allocated_at_failure", new MeasuredFigure(a.allocated() - before, FigureSource.TORCH_ALLOCATOR,
                    "memory_allocated when the run failed"));
            b.detail("reserved_at_failure", new MeasuredFigure(a.reserved(), FigureSource.TORCH_ALLOCATOR,
                    "memory_reserved when the run failed"));
        });
        if (increase != null) {
            samplerOnly(b, increase, baseline);
        }
        return Optional.of(b.build());
    }

    private static MemoryAccount.Builder samplerOnly(MemoryAccount.Builder b, long increase, Long baseline) {
        return b.total(increase, FigureSource.GPU_SAMPLER, "peak of the summed used memory − baseline").baseline(baseline);
    }

    private static Integer integer(Map<String, Object> config, String key) {
        Object value = config.get(key);
        return value instanceof Number n ? n.intValue() : null;
    }
}
