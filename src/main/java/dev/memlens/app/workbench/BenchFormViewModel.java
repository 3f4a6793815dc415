package dev.memlens.app.workbench;

import static dev.memlens.app.workbench.FieldRules.integerAtLeast;
import static dev.memlens.app.workbench.FieldRules.optionalDouble;
import static dev.memlens.app.workbench.FieldRules.optionalInt;
import static dev.memlens.app.workbench.FieldRules.optionalText;

import dev.memlens.core.estimate.Engine;
import dev.memlens.core.estimate.EstimateRequest;
import dev.memlens.core.estimate.VllmVersions;
import dev.memlens.core.model.QuantizationSpec;
import dev.memlens.core.run.Workload;
import dev.memlens.core.run.bench.BenchConfig;
import dev.memlens.core.run.bench.BenchWorkload;
import dev.memlens.core.run.bench.VllmVersionCommand;
import dev.memlens.core.vllm.breakdown.EngineBudget;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;

/** The Bench form: every option of {@code memlens bench}, keyed by its flag name. */
public final class BenchFormViewModel extends FormViewModel {
    public static final List<String> DTYPES = List.of("auto", "bfloat16", "float16", "float32");
    public static final List<String> QUANTIZATIONS = List.of("", "awq", "gptq", "fp8", "bitsandbytes", "gguf");
    public static final List<String> KV_CACHE_DTYPES = List.of("", "auto", "fp8", "fp8_e4m3", "fp8_e5m2");
    static final String VERSION_KEY = "vllm-version";

    private final Supplier<String> modelArgument;
    public final StringProperty model;
    public final StringProperty inputLen = text("input-len", "Input length", "512", integerAtLeast(1, false));
    public final StringProperty outputLen = text("output-len", "Output length", "128", integerAtLeast(1, false));
    public final StringProperty batchSize = text("batch-size", "Batch size", "1", integerAtLeast(1, false));
    public final StringProperty dtype = text("dtype", "Dtype", "auto", FieldRules.required("a dtype (auto picks the model's)"));
    public final StringProperty tensorParallel = text("tensor-parallel-size", "Tensor parallel", "1", integerAtLeast(1, false));
    public final StringProperty quantization = text("quantization", "Quantization", "", null);
    public final StringProperty kvCacheDtype = text("kv-cache-dtype", "KV cache dtype", "", null);
    public final BooleanProperty trustRemoteCode = flag("trust-remote-code", "Trust remote code", false);
    public final BooleanProperty enforceEager = flag("enforce-eager", "Enforce eager", false);
    public final StringProperty warmupIters = text("num-iters-warmup", "Warm-up iterations", "10", integerAtLeast(0, false));
    public final StringProperty iters = text("num-iters", "Measured iterations", "30", integerAtLeast(1, false));
    public final StringProperty maxModelLen = text("max-model-len", "Max model length", "", integerAtLeast(1, true));
    public final StringProperty gpuMemoryUtilization = text("gpu-memory-utilization", "GPU memory utilization", "",
            FieldRules.fraction(true));
    public final BooleanProperty dummyWeights = flag("load-format-dummy", "Dummy weights", false);
    public final StringProperty vllmExecutable = text("vllm", "vLLM command", "vllm", null);
    public final StringProperty python = text("python", "Python interpreter", "", null);
    public final StringProperty extraArgs = text("engine-args", "Extra engine arguments", "", FieldRules.arguments());
    /** The vLLM version whose rules the estimate and the budget use: detected from the vLLM command, or typed. */
    public final StringProperty vllmVersion = text(VERSION_KEY, "vLLM version", "", v -> v == null || v.isBlank()
            || VllmVersions.find(v).isPresent() ? null : "'" + v.trim() + "' is not a vLLM version (e.g. 0.19.1)");
    private final ReadOnlyStringWrapper versionNote = new ReadOnlyStringWrapper(this, "versionNote", "");
    /** The last version the vLLM command answered (null: none yet, or no answer) and why not. */
    private String detectedVersion;
    private String detectionProblem;
    private boolean detecting;

    /**
     * @param model         the shared model picker's text (validated and saved with this form)
     * @param modelArgument what vLLM's --model gets for that text (a config.json's folder)
     */
    public BenchFormViewModel(StringProperty model, Supplier<String> modelArgument) {
        this.model = shared("model", "Model", model, FieldRules.required("a model: a folder, a config.json or a model id"));
        this.modelArgument = modelArgument;
        finishFields();
        notSaved(VERSION_KEY);
        vllmVersion.addListener((o, a, b) -> updateVersionNote());
        updateVersionNote();
    }

    // ------------------------------------------------------------------ the vLLM version

    /** The version whose rules apply: the field's when it is one, else null (the newest rules). */
    public String version() {
        String v = vllmVersion.get();
        return v != null && VllmVersions.find(v).isPresent() ? v.trim() : null;
    }

    /** The line under the version field: "vLLM 0.19.1 (detected)", "… (as typed)", "version unknown, newest rules …". */
    @Override
    public ReadOnlyStringProperty fieldNoteProperty(String key) {
        return VERSION_KEY.equals(key) ? versionNote.getReadOnlyProperty() : super.fieldNoteProperty(key);
    }

    /** The vLLM command's --version is being asked (the field keeps its text meanwhile). */
    void versionDetectionStarted() {
        detecting = true;
        updateVersionNote();
    }

    /**
     * What the vLLM command answered. It fills the field unless the user typed a version of their own there (a
     * field still holding the last detected version, or empty, takes the new answer).
     */
    void versionDetected(VllmVersionCommand.Answer answer) {
        detecting = false;
        String before = detectedVersion;
        detectedVersion = answer.version();
        detectionProblem = answer.problem();
        String now = vllmVersion.get() == null ? "" : vllmVersion.get().trim();
        if (now.isEmpty() || now.equals(before)) {
            vllmVersion.set(answer.known() ? answer.version() : "");
        }
        updateVersionNote();
    }

    private void updateVersionNote() {
        String v = version();
        String text;
        if (v != null) {
            text = "vLLM " + v + (v.equals(detectedVersion) ? " (detected)" : " (as typed)");
        } else if (detecting) {
            text = "asking " + String.join(" ", toCommand()) + " --version …";
        } else {
            text = "version unknown, newest rules (vLLM " + VllmVersions.rules(null).firstVersion() + "+)"
                    + (detectionProblem == null ? "" : ": " + detectionProblem);
        }
        versionNote.set(text);
    }

    /**
     * Which version's rules the estimate uses, for the fit line (always in view, while the field is under Advanced):
     * "vLLM 0.19.1 rules", or the newest rules while the version is unknown. Kept short: the line shares its row.
     */
    @Override
    public String rulesNote() {
        String v = version();
        return v == null ? "newest vLLM rules, version unknown" : "vLLM " + v + " rules";
    }

    /**
     * vLLM's --gpu-memory-utilization when given, else the default of the form's vLLM version (the newest rules while
     * it is unknown), until the run's own events (the version it detects, then its log) say better.
     */
    @Override
    public EngineBudget engineBudget() {
        Double util = optionalDouble(gpuMemoryUtilization.get());
        return EngineBudget.resolve(EngineBudget.validShare(util) ? util : null, null, null, version())
                .onGpus(budgetedGpus());
    }

    /** The GPUs vLLM will budget: the form's tensor × pipeline parallel size (each 1 while its field does not parse). */
    private int budgetedGpus() {
        Integer tp;
        try {
            tp = FieldRules.optionalInt(tensorParallel.get());
        } catch (NumberFormatException e) {
            tp = null;
        }
        Integer pp;
        try {
            pp = EngineBudget.pipelineParallelSize(ArgumentSplitter.split(extraArgs.get()));
        } catch (IllegalArgumentException e) {
            pp = null; // unbalanced quotes: the form shows that problem itself
        }
        return EngineBudget.engineGpus(tp, pp);
    }

    @Override
    protected String crossFieldProblem() {
        if (vllmExecutable.get().isBlank() && python.get().isBlank()) {
            return "vLLM command: give the vllm executable, or a Python interpreter that has vLLM";
        }
        return null;
    }

    @Override
    public String mode() {
        return "bench";
    }

    @Override
    public String title() {
        return "Bench";
    }

    @Override
    public String modelName() {
        return model.get() == null ? "" : model.get().trim();
    }

    /** The configuration `memlens bench` would build from the same flags. */
    /** The command that runs vLLM's CLI: the vLLM command, or the Python interpreter's -m. */
    public List<String> toCommand() {
        return optionalText(python.get()) != null
                ? List.of(python.get().trim(), "-m", "vllm.entrypoints.cli.main")
                : List.of(vllmExecutable.get() == null ? "" : vllmExecutable.get().trim());
    }

    public BenchConfig toConfig() {
        return new BenchConfig(toCommand(), modelArgument.get(), FieldRules.intValue(inputLen.get()),
                FieldRules.intValue(outputLen.get()), FieldRules.intValue(batchSize.get()), dtype.get().trim(),
                FieldRules.intValue(tensorParallel.get()), optionalText(quantization.get()),
                optionalText(kvCacheDtype.get()), trustRemoteCode.get(), enforceEager.get(),
                FieldRules.intValue(warmupIters.get()), FieldRules.intValue(iters.get()), optionalInt(maxModelLen.get()),
                optionalDouble(gpuMemoryUtilization.get()), dummyWeights.get(), ArgumentSplitter.split(extraArgs.get()));
    }

    @Override
    public Workload createWorkload() {
        return new BenchWorkload(toConfig());
    }

    @Override
    public EstimateRequest estimateRequest() {
        EstimateRequest r = EstimateRequest.of(Engine.VLLM, FieldRules.intValue(batchSize.get()),
                FieldRules.intValue(inputLen.get()), FieldRules.intValue(outputLen.get()))
                .withTensorParallel(FieldRules.intValue(tensorParallel.get()))
                .withVllm(optionalInt(maxModelLen.get()), null, enforceEager.get(),
                        VllmVersions.rules(version()).graphsInBudget())
                .withUtilization(engineBudget().share());
        String d = "auto".equals(dtype.get().trim()) ? null : dtype.get().trim();
        String kv = optionalText(kvCacheDtype.get());
        QuantizationSpec q = null;
        String quant = optionalText(quantization.get());
        if (quant != null) {
            try {
                q = QuantizationSpec.parse(quant);
            } catch (IllegalArgumentException e) {
                q = null; // a method the estimator does not model: it falls back to the model's own
            }
        }
        return r.withDtypes(d, "auto".equals(kv) ? null : kv, q);
    }
}
