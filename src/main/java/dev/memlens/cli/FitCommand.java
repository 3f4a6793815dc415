package dev.memlens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memlens.core.estimate.Engine;
import dev.memlens.core.estimate.EstimateRequest;
import dev.memlens.core.estimate.EstimateValidation;
import dev.memlens.core.estimate.Estimator;
import dev.memlens.core.estimate.FitCheck;
import dev.memlens.core.estimate.FitSolver;
import dev.memlens.core.estimate.VllmVersions;
import dev.memlens.core.model.ModelSpec;
import dev.memlens.core.model.QuantizationSpec;
import dev.memlens.core.units.Bytes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

/**
 * {@code memlens fit}: what fits on a GPU. transformers: the largest batch at the given lengths and the longest
 * prompt at the given batch; vLLM: the most concurrent requests and the longest max_model_len, and the smallest
 * --gpu-memory-utilization (or the --kv-cache-memory) for a target concurrency; each with the command line to run.
 */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = "Answers what fits on a GPU (largest batch, longest context, smallest vLLM utilisation) and prints the command line to run.",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:the answers were printed", "2:bad usage, or an unreadable or invalid model config",
                ExitCodes.LINE_SIGINT, ExitCodes.LINE_SIGTERM})
public final class FitCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    ModelAndGpuOptions.ModelSource source;

    @Option(names = "--gpu", paramLabel = "NAME", description = "a GPU preset (h100, h200, a100-40gb, ...)") String gpu;
    @Option(names = "--gpu-memory-gib", paramLabel = "N", description = "GPU memory in GiB instead of a preset") Double gpuMemoryGib;
    @Option(names = "--engine", defaultValue = "transformers", paramLabel = "ENGINE", description = "transformers or vllm (default: ${DEFAULT-VALUE})") String engine;
    @Option(names = "--tensor-parallel-size", defaultValue = "1", paramLabel = "N") int tensorParallel;
    @Option(names = "--batch-size", defaultValue = "1", paramLabel = "N", description = "batch for the longest context; for vLLM the target concurrency (default: ${DEFAULT-VALUE})") int batchSize;
    @Option(names = "--input-len", defaultValue = "1024", paramLabel = "N", description = "prompt tokens for the largest batch (default: ${DEFAULT-VALUE})") int inputLen;
    @Option(names = "--output-len", defaultValue = "128", paramLabel = "N", description = "generated tokens (default: ${DEFAULT-VALUE})") int outputLen;
    @Option(names = "--max-model-len", paramLabel = "N", description = "vLLM context per request (default: input + output)") Integer maxModelLen;
    @Option(names = "--gpu-memory-utilization", paramLabel = "U", description = "vLLM utilisation for the capacity answers (default: that of the --vllm-version, 0.92 from 0.21, 0.9 before)") Double utilizationOption;
    @Option(names = "--dtype", paramLabel = "D") String dtype;
    @Option(names = "--kv-cache-dtype", paramLabel = "D") String kvCacheDtype;
    @Option(names = "--quantization", paramLabel = "Q") String quantization;
    @Option(names = "--vllm-version", paramLabel = "V", description = "the vLLM version whose budget rules apply (default: the newest MemLens models, " + VllmVersions.DEFAULT_VERSION + ")") String vllmVersion;
    @Option(names = "--json", description = "print JSON") boolean json;

    private double utilization;
    private String rulesLine;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            ModelSpec model = source.load();
            Long total = ModelAndGpuOptions.gpuTotal(gpu, gpuMemoryGib);
            if (total == null) {
                throw new IllegalArgumentException("fit needs the GPU size: pass --gpu NAME or --gpu-memory-gib N");
            }
            Engine e = Engine.parse(engine);
            VllmVersions.BudgetRules rules = VllmVersions.rules(vllmVersion);
            utilization = utilizationOption != null ? utilizationOption : rules.defaultUtilization();
            rulesLine = e == Engine.VLLM ? EstimateCommand.rulesLine(rules, vllmVersion) : null;
            int context = maxModelLen != null ? maxModelLen : inputLen + outputLen;
            EstimateRequest r = new EstimateRequest(e, batchSize, inputLen, outputLen, dtype, total, utilization,
                    tensorParallel, kvCacheDtype, quantization == null ? null : QuantizationSpec.parse(quantization),
                    e == Engine.VLLM ? Integer.valueOf(context) : maxModelLen, null, false, rules.graphsInBudget(), 16);
            Estimator.estimate(model, r);
            List<String[]> answers = e == Engine.VLLM ? vllm(model, r, context) : transformers(model, r);
            print(out, model, r, answers);
            return 0;
        } catch (IllegalArgumentException | IOException ex) {
            err.println("memlens fit: " + ex.getMessage());
            err.flush();
            return CommandLineErrors.USAGE;
        }
    }

    /** Each answer: {key, value, sentence, command line or ""}. */
    private List<String[]> transformers(ModelSpec model, EstimateRequest r) {
        List<String[]> a = new ArrayList<>();
        String m = source.argument();
        OptionalInt batch = FitSolver.maxBatch(model, r, EstimateValidation.MAX_BATCH);
        a.add(answer("max_batch_size", batch, String.format(Locale.ROOT, "largest batch at %,d + %,d tokens: %s",
                inputLen, outputLen, text(batch)), batch.isEmpty() ? "" : hf(m, batch.getAsInt(), inputLen)));
        int cap = model.maxPositionEmbeddings() > outputLen ? (int) Math.min(EstimateValidation.MAX_TOKENS,
                model.maxPositionEmbeddings() - outputLen) : EstimateValidation.MAX_TOKENS;
        OptionalInt input = FitSolver.maxInputLen(model, r, cap);
        a.add(answer("max_input_len", input, String.format(Locale.ROOT, "longest prompt at batch %d with %,d new tokens: %s%s",
                batchSize, outputLen, text(input), cap < EstimateValidation.MAX_TOKENS && input.orElse(0) == cap
                        ? " (the model's max_position_embeddings)" : ""),
                input.isEmpty() ? "" : hf(m, batchSize, input.getAsInt())));
        FitCheck here = FitCheck.of(model, r);
        a.add(new String[] {"fits", String.valueOf(here.fits()), String.format(Locale.ROOT,
                "batch %d at %,d + %,d tokens: %s", batchSize, inputLen, outputLen, here.line()), ""});
        return a;
    }

    private List<String[]> vllm(ModelSpec model, EstimateRequest r, int context) {
        List<String[]> a = new ArrayList<>();
        String m = source.argument();
        String serve = "vllm serve " + m + " --tensor-parallel-size " + tensorParallel + " --max-model-len " + context;
        OptionalInt concurrency = FitSolver.maxConcurrency(model, r);
        a.add(answer("max_concurrency", concurrency, String.format(Locale.ROOT,
                "most concurrent requests of %,d tokens at --gpu-memory-utilization %s: %s", context, fmt(utilization),
                text(concurrency)), concurrency.isEmpty() ? "" : serve + " --gpu-memory-utilization " + fmt(utilization)));
        OptionalInt longest = FitSolver.maxModelLen(model, r, batchSize, EstimateValidation.MAX_TOKENS);
        a.add(answer("max_model_len", longest, String.format(Locale.ROOT,
                "longest --max-model-len for %d concurrent requests at --gpu-memory-utilization %s: %s", batchSize,
                fmt(utilization), text(longest)), longest.isEmpty() ? "" : "vllm serve " + m + " --tensor-parallel-size "
                + tensorParallel + " --max-model-len " + longest.getAsInt() + " --gpu-memory-utilization " + fmt(utilization)));
        OptionalDouble u = FitSolver.minUtilization(model, r, context, batchSize);
        long kvBytes = FitSolver.kvCacheMemoryBytes(model, r, batchSize);
        a.add(new String[] {"min_gpu_memory_utilization", u.isPresent() ? fmt(u.getAsDouble()) : "null",
                String.format(Locale.ROOT, "smallest --gpu-memory-utilization for %d concurrent requests of %,d tokens: %s",
                        batchSize, context, u.isPresent() ? fmt(u.getAsDouble()) : "none (does not fit even at 1.0)"),
                u.isPresent() ? serve + " --gpu-memory-utilization " + fmt(u.getAsDouble()) : ""});
        a.add(new String[] {"kv_cache_memory_bytes", String.valueOf(kvBytes), String.format(Locale.ROOT,
                "or size the KV cache directly: %.2f GiB per GPU holds %d requests of %,d tokens", Bytes.toGib(kvBytes),
                batchSize, context), serve + " --kv-cache-memory=" + kvBytes});
        return a;
    }

    private void print(PrintWriter out, ModelSpec model, EstimateRequest r, List<String[]> answers) throws IOException {
        if (json) {
            ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode root = om.createObjectNode();
            root.put("engine", r.engine().tag());
            root.put("gpu_total_bytes", r.gpuTotalBytes());
            root.put("tensor_parallel_size", r.tensorParallelSize());
            if (rulesLine != null) {
                root.put("vllm_rules", rulesLine);
            }
            for (String[] a : answers) {
                if (a[1].equals("null")) {
                    root.putNull(a[0]);
                } else if (a[0].equals("fits")) {
                    root.put(a[0], Boolean.parseBoolean(a[1]));
                } else if (a[1].contains(".")) {
                    root.put(a[0], Double.parseDouble(a[1]));
                } else {
                    root.put(a[0], Long.parseLong(a[1]));
                }
                if (!a[3].isEmpty()) {
                    root.put(a[0] + "_command", a[3]);
                }
            }
            out.println(om.writeValueAsString(root));
        } else {
            out.printf(Locale.ROOT, "Model: %s (%s); GPU: %.2f GiB; engine: %s; tensor parallel: %d%n",
                    model.architecture(), model.source(), Bytes.toGib(r.gpuTotalBytes()), r.engine().tag(),
                    r.tensorParallelSize());
            if (rulesLine != null) {
                out.println("- " + rulesLine);
            }
            for (String[] a : answers) {
                out.println("- " + a[2]);
                if (!a[3].isEmpty()) {
                    out.println("    " + a[3]);
                }
            }
        }
        out.flush();
    }

    private static String[] answer(String key, OptionalInt v, String sentence, String command) {
        return new String[] {key, v.isPresent() ? String.valueOf(v.getAsInt()) : "null", sentence, command};
    }

    private static String text(OptionalInt v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%,d", v.getAsInt()) : "none (not even 1 fits)";
    }

    private String hf(String model, int batch, int input) {
        return "memlens hf --model " + model + " --batch-size " + batch + " --input-len " + input
                + " --max-new-tokens " + outputLen + (dtype == null ? "" : " --dtype " + dtype);
    }

    private static String fmt(double u) {
        return String.format(Locale.ROOT, "%.3f", u).replaceAll("0+$", "").replaceAll("\\.$", ".0");
    }
}
