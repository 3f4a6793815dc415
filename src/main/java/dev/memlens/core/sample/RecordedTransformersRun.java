package dev.memlens.core.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.gpu.trace.TraceReader;
import dev.memlens.core.report.BenchmarkParameters;
import dev.memlens.core.report.EngineMetadata;
import dev.memlens.core.report.GpuDevice;
import dev.memlens.core.report.GpuInfo;
import dev.memlens.core.report.GpuTimeline;
import dev.memlens.core.report.GpuType;
import dev.memlens.core.report.MemoryAccount;
import dev.memlens.core.report.RunMode;
import dev.memlens.core.report.ModelInfo;
import dev.memlens.core.report.PhaseMark;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunStatus;
import dev.memlens.core.run.modes.TransformersBreakdown;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a report from a recorded transformers {@code generate} run: config.json, run.json (torch allocator marks at
 * each phase) and the nvidia-smi trace sampled beside it. Weights and the allocator peak are exact; the KV cache
 * is the formula for the final sequence length (DynamicCache is freed when generate returns, so no mark holds it);
 * activations are what the allocator peak leaves; overhead is what nvidia-smi's peak adds to the allocator peak
 * (CUDA context and the caching allocator's reserve).
 */
public final class RecordedTransformersRun {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RecordedTransformersRun() {
    }

    public static ProfileReport build(String caseName, String configJson, String runJson, String nvidiaSmiCsv)
            throws IOException {
        try {
            return buildChecked(caseName, configJson, runJson, nvidiaSmiCsv);
        } catch (dev.memlens.core.gpu.trace.TraceException e) {
            throw new IOException("the recorded nvidia-smi trace cannot be read: " + e.getMessage(), e);
        }
    }

    private static ProfileReport buildChecked(String caseName, String configJson, String runJson, String nvidiaSmiCsv)
            throws IOException, dev.memlens.core.gpu.trace.TraceException {
        JsonNode config = MAPPER.readTree(configJson);
        JsonNode run = MAPPER.readTree(runJson);
        List<GpuSample> trace = new TraceReader().parse("nvidia-smi.csv", nvidiaSmiCsv).samples();
        if (trace.isEmpty()) {
            throw new IOException("the recorded nvidia-smi trace has no samples");
        }

        Map<String, JsonNode> marks = new LinkedHashMap<>();
        run.path("marks").forEach(m -> marks.put(m.path("label").asText(), m));
        long start = marks.get("start").path("allocated").asLong();
        long weights = marks.get("weights_loaded").path("allocated").asLong() - start;
        long allocatorPeak = marks.get("generated").path("max_allocated").asLong() - start;

        int layers = config.path("num_hidden_layers").asInt();
        int heads = config.path("num_attention_heads").asInt();
        int kvHeads = config.path("num_key_value_heads").asInt(heads);
        int hidden = config.path("hidden_size").asInt();
        int headDim = config.path("head_dim").asInt(hidden / heads);
        int batch = run.path("batch").asInt();
        int inputLen = run.path("input_len").asInt();
        int outputLen = run.path("output_len").asInt();
        String dtype = run.path("dtype").asText().replace("torch.", "");
        int bytesPerElement = dtype.equals("float32") ? 4 : 2;
        int tokens = inputLen + run.path("generated_tokens").asInt(outputLen);

        long baseline = trace.get(0).usedBytes();
        int peakIndex = 0;
        for (int i = 1; i < trace.size(); i++) {
            if (trace.get(i).usedBytes() > trace.get(peakIndex).usedBytes()) {
                peakIndex = i;
            }
        }
        GpuSample first = trace.get(0);
        long smiPeak = trace.get(peakIndex).usedBytes();
        long total = smiPeak - baseline;

        MemoryAccount breakdown = TransformersBreakdown.build(weights, allocatorPeak,
                marks.get("generated").path("reserved").asLong(),
                new TransformersBreakdown.KvShape(layers, kvHeads, headDim, batch, tokens, bytesPerElement),
                null, total, baseline).toBuilder().peak(smiPeak).build();

        long t0 = first.timestampMillis();
        GpuInfo gpus = new GpuInfo(GpuType.CUDA, 1, List.of(new GpuDevice(first.index(), first.uuid(), first.name(),
                first.totalBytes(), baseline, smiPeak, trace.get(peakIndex).timestampMillis() - t0)));
        GpuTimeline timeline = new GpuTimeline(first.index(), first.uuid(), first.name(),
                trace.stream().mapToLong(sample -> sample.timestampMillis() - t0).toArray(),
                trace.stream().mapToLong(GpuSample::usedBytes).toArray());

        List<PhaseMark> phases = new ArrayList<>();
        phases.add(new PhaseMark("idle", 0));
        String[][] phaseOfMark = {{"start", "loading"}, {"weights_loaded", "generating"}, {"generated", "freeing"},
                {"freed", "idle"}};
        for (String[] pm : phaseOfMark) {
            JsonNode m = marks.get(pm[0]);
            if (m != null) {
                phases.add(new PhaseMark(pm[1], Math.max(0, Math.round(m.path("t").asDouble() * 1000) - t0)));
            }
        }
        long duration = trace.get(trace.size() - 1).timestampMillis() - t0;
        ModelInfo model = new ModelInfo(caseName + " (" + config.path("model_type").asText() + " shape, random weights)",
                run.path("num_parameters").asLong(), layers, heads, kvHeads, headDim, hidden, dtype, null);
        BenchmarkParameters params = new BenchmarkParameters(inputLen, outputLen, batch, dtype, 1, null, null, null,
                null, null, null, null, Map.of());
        return ProfileReport.builder().status(RunStatus.COMPLETED, "recorded sample: " + run.path("gpu").asText())
                .mode(RunMode.HF).startedAt(Instant.ofEpochMilli(t0)).durationMillis(duration).model(model)
                .parameters(params).account(breakdown).gpus(gpus)
                .engine(new EngineMetadata("transformers", run.path("engine").asText(), "torch_allocator_marks", null,
                        "nvidia-smi"))
                .timeline(List.of(timeline)).phases(phases).build();
    }
}
