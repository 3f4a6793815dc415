package dev.memlens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memlens.core.estimate.Engine;
import dev.memlens.core.estimate.Estimate;
import dev.memlens.core.estimate.EstimateComponent;
import dev.memlens.core.estimate.EstimateRequest;
import dev.memlens.core.estimate.EstimatedFigure;
import dev.memlens.core.estimate.Estimator;
import dev.memlens.core.estimate.VllmVersions;
import dev.memlens.core.model.ModelSpec;
import dev.memlens.core.model.QuantizationSpec;
import dev.memlens.core.units.Bytes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code memlens estimate}: predicted GPU memory per component, each with its formula. */
@Command(name = "estimate", mixinStandardHelpOptions = true,
        description = "Predicts the GPU memory of a run (nvidia-smi peak per GPU) and explains every figure.",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:the estimate was printed", "2:bad usage, or an unreadable or invalid model config",
                ExitCodes.LINE_SIGINT, ExitCodes.LINE_SIGTERM})
public final class EstimateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    ModelAndGpuOptions.ModelSource source;

    @Option(names = "--batch-size", required = true, paramLabel = "N") int batchSize;
    @Option(names = "--input-len", required = true, paramLabel = "N") int inputLen;
    @Option(names = "--output-len", required = true, paramLabel = "N") int outputLen;
    @Option(names = "--dtype", paramLabel = "D", description = "float16, bfloat16, float32 (default: the model's)") String dtype;
    @Option(names = "--engine", defaultValue = "transformers", paramLabel = "ENGINE", description = "transformers or vllm (default: ${DEFAULT-VALUE})") String engine;
    @Option(names = "--gpu", paramLabel = "NAME", description = "a GPU preset (h100, h200, a100-40gb, ...)") String gpu;
    @Option(names = "--gpu-memory-gib", paramLabel = "X", description = "GPU memory in GiB instead of a preset") Double gpuMemoryGib;
    @Option(names = "--gpu-memory-utilization", paramLabel = "U", description = "vLLM's budget share (default: that of the --vllm-version, 0.92 from 0.21, 0.9 before)") Double utilization;
    @Option(names = "--tensor-parallel-size", defaultValue = "1", paramLabel = "N") int tensorParallel;
    @Option(names = "--kv-cache-dtype", paramLabel = "D", description = "auto, fp8, float16, bfloat16") String kvCacheDtype;
    @Option(names = "--quantization", paramLabel = "Q", description = "none, awq, gptq, int4, fp8, int8 (default: the model's)") String quantization;
    @Option(names = "--max-model-len", paramLabel = "N") Integer maxModelLen;
    @Option(names = "--max-num-batched-tokens", paramLabel = "N") Integer maxNumBatchedTokens;
    @Option(names = "--enforce-eager", description = "vLLM without CUDA graphs") boolean enforceEager;
    @Option(names = "--vllm-graphs-outside-budget", description = "vLLM before 0.21: CUDA graphs on top of the budget") boolean graphsOutsideBudget;
    @Option(names = "--vllm-version", paramLabel = "V", description = "the vLLM version whose budget rules apply (default: the newest MemLens models, " + VllmVersions.DEFAULT_VERSION + "; before 0.21: graphs on top of the budget, utilisation 0.9)") String vllmVersion;
    @Option(names = "--json", description = "print JSON") boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            ModelSpec model = source.load();
            Long total = ModelAndGpuOptions.gpuTotal(gpu, gpuMemoryGib);
            VllmVersions.BudgetRules rules = VllmVersions.rules(vllmVersion);
            EstimateRequest request = new EstimateRequest(Engine.parse(engine), batchSize, inputLen, outputLen, dtype,
                    total, utilization != null ? utilization : rules.defaultUtilization(), tensorParallel, kvCacheDtype,
                    quantization == null ? null : QuantizationSpec.parse(quantization), maxModelLen,
                    maxNumBatchedTokens, enforceEager, !graphsOutsideBudget && rules.graphsInBudget(), 16);
            Estimate estimate = Estimator.estimate(model, request);
            String rulesLine = request.engine() == Engine.VLLM ? rulesLine(rules, vllmVersion) : null;
            if (json) {
                ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                ObjectNode root = toJson(m, estimate);
                if (rulesLine != null) {
                    ((ArrayNode) root.get("explanations")).insert(0, rulesLine);
                }
                out.println(m.writeValueAsString(root));
            } else {
                printTable(out, model, estimate);
                if (rulesLine != null) {
                    out.println("- " + rulesLine);
                }
            }
            out.flush();
            return 0;
        } catch (IllegalArgumentException | java.io.IOException e) {
            err.println("memlens estimate: " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
    }

    /** Which version's budget rules an estimate used, and whether the user chose it: shared with {@code fit}. */
    static String rulesLine(VllmVersions.BudgetRules rules, String askedVersion) {
        return (askedVersion == null ? "no --vllm-version given, so the newest rules MemLens models apply: "
                : "--vllm-version " + askedVersion + ": ") + rules.describe();
    }

    static ObjectNode toJson(ObjectMapper m, Estimate e) {
        ObjectNode root = m.createObjectNode();
        root.put("engine", e.engine().tag());
        ObjectNode comps = root.putObject("components");
        for (EstimateComponent c : EstimateComponent.values()) {
            Long b = e.bytes(c);
            if (b == null) {
                comps.putNull(c.jsonKey());
            } else {
                comps.put(c.jsonKey(), b);
            }
        }
        root.put("peak_bytes", e.peakBytes());
        putNullable(root, "kv_cache_tokens", e.kvCacheTokens());
        if (e.maxConcurrency() == null) {
            root.putNull("max_concurrency");
        } else {
            root.put("max_concurrency", Math.round(e.maxConcurrency() * 100) / 100.0);
        }
        putNullable(root, "gpu_total_bytes", e.gpuTotalBytes());
        if (e.fits() == null) {
            root.putNull("fits");
        } else {
            root.put("fits", e.fits());
        }
        ArrayNode why = root.putArray("explanations");
        for (Map.Entry<EstimateComponent, EstimatedFigure> f : e.components().entrySet()) {
            why.add(f.getKey().jsonKey() + " = " + f.getValue().formula() + " " + f.getValue().inputs());
        }
        why.add("peak_bytes = " + e.peak().formula() + " " + e.peak().inputs());
        e.explanations().forEach(why::add);
        return root;
    }

    private static void putNullable(ObjectNode n, String key, Long v) {
        if (v == null) {
            n.putNull(key);
        } else {
            n.put(key, v);
        }
    }

    private static void printTable(PrintWriter out, ModelSpec model, Estimate e) {
        // the parameters' bytes in the model's own dtype; the weights row below is what the engine holds
        out.printf(Locale.ROOT, "Model: %s (%s), %,d parameters, %s of parameters in its dtype, from %s%n",
                model.architecture(),
                model.source(), model.parameterCount(), Bytes.format(model.weightBytes(), dev.memlens.core.units.MemoryUnit.GIB),
                model.weightSource().tag());
        out.printf(Locale.ROOT, "Engine: %s%n%n", e.engine().tag());
        out.printf(Locale.ROOT, "%-14s %12s  %s%n", "component", "GiB", "formula");
        for (Map.Entry<EstimateComponent, EstimatedFigure> f : e.components().entrySet()) {
            out.printf(Locale.ROOT, "%-14s %12.3f  %s%n", f.getKey().jsonKey().replace("_bytes", ""),
                    Bytes.toGib(f.getValue().bytes()), f.getValue().formula());
        }
        out.printf(Locale.ROOT, "%-14s %12.3f  %s%n", "peak (per GPU)", Bytes.toGib(e.peakBytes()), e.peak().formula());
        if (e.kvCacheTokens() != null) {
            out.printf(Locale.ROOT, "KV cache tokens: %,d; max concurrency: %.2fx%n", e.kvCacheTokens(), e.maxConcurrency());
        }
        if (e.gpuTotalBytes() != null) {
            out.printf(Locale.ROOT, "GPU: %.2f GiB; fits: %s%n", Bytes.toGib(e.gpuTotalBytes()), e.fits() ? "yes" : "no");
        }
        e.explanations().forEach(x -> out.println("- " + x));
    }
}
