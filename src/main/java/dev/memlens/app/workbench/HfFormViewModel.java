package dev.memlens.app.workbench;

import static dev.memlens.app.workbench.FieldRules.integerAtLeast;
import static dev.memlens.app.workbench.FieldRules.optionalText;

import dev.memlens.core.estimate.Engine;
import dev.memlens.core.estimate.EstimateRequest;
import dev.memlens.core.run.Workload;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.StringProperty;

/** The Transformers form: the bundled profiler script with the options of {@code memlens hf}. */
public final class HfFormViewModel extends FormViewModel {
    public static final List<String> DTYPES = List.of("auto", "bfloat16", "float16", "float32");

    final Supplier<String> modelArgument;
    public final StringProperty model;
    public final BooleanProperty randomWeights = flag("random-weights", "Random weights", false);
    public final StringProperty dtype = text("dtype", "Dtype", "auto", FieldRules.required("a dtype"));
    public final StringProperty batchSize = text("batch-size", "Batch size", "1", integerAtLeast(1, false));
    public final StringProperty inputLen = text("input-len", "Input length", "512", integerAtLeast(1, true));
    public final StringProperty prompt = text("prompt", "Prompt", "", null);
    public final StringProperty maxNewTokens = text("max-new-tokens", "Max new tokens", "100", integerAtLeast(1, false));
    public final StringProperty python = text("python", "Python interpreter", "python3",
            FieldRules.required("the Python interpreter that has torch and transformers"));
    public final StringProperty device = text("device", "Device", "cuda", FieldRules.required("a torch device"));
    public final BooleanProperty trustRemoteCode = flag("trust-remote-code", "Trust remote code", false);

    public HfFormViewModel(StringProperty model, Supplier<String> modelArgument) {
        this.model = shared("model", "Model", model, FieldRules.required("a model: a folder, a config.json or a model id"));
        this.modelArgument = modelArgument;
        finishFields();
    }

    @Override
    protected String crossFieldProblem() {
        if (optionalText(inputLen.get()) == null && optionalText(prompt.get()) == null) {
            return "Input length: give an input length (random prompt ids) or a prompt";
        }
        if (optionalText(inputLen.get()) != null && optionalText(prompt.get()) != null) {
            return "Prompt: give an input length or a prompt, not both";
        }
        return null;
    }

    @Override
    public String mode() {
        return "hf";
    }

    @Override
    public String title() {
        return "Transformers";
    }

    @Override
    public String modelName() {
        return model.get() == null ? "" : model.get().trim();
    }

    @Override
    public Workload createWorkload() {
        return ModeWorkloads.hf(this);
    }

    @Override
    public EstimateRequest estimateRequest() {
        Integer input = FieldRules.optionalInt(inputLen.get());
        // a prompt's length is known only once tokenized; a rough four characters a token is enough for a preview
        int in = input != null ? input : Math.max(1, prompt.get().length() / 4);
        String d = "auto".equals(dtype.get().trim()) ? null : dtype.get().trim();
        return EstimateRequest.of(Engine.TRANSFORMERS, FieldRules.intValue(batchSize.get()), in,
                FieldRules.intValue(maxNewTokens.get())).withDtypes(d, null, null);
    }
}
