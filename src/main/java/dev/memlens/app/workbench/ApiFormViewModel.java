package dev.memlens.app.workbench;

import static dev.memlens.app.workbench.FieldRules.integerAtLeast;
import static dev.memlens.app.workbench.FieldRules.optionalText;

import dev.memlens.core.estimate.Engine;
import dev.memlens.core.estimate.EstimateRequest;
import dev.memlens.core.run.Workload;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.StringProperty;

/** The API form: a running vLLM OpenAI-compatible server, with the options of {@code memlens api}. */
public final class ApiFormViewModel extends FormViewModel {
    public static final String DEFAULT_PROMPT = "Hello, how are you?";

    private final Map<String, String> environment;
    private final java.util.function.Supplier<java.nio.file.Path> modelConfig;
    public final StringProperty baseUrl = text("api-url", "Server URL", "http://localhost:8000", FieldRules.httpUrl());
    public final StringProperty model = text("model", "Served model", "", null);
    public final StringProperty prompt = text("prompt", "Prompt", DEFAULT_PROMPT, FieldRules.required("a prompt"));
    public final StringProperty maxTokens = text("max-tokens", "Max tokens", "100", integerAtLeast(1, false));
    public final StringProperty batchSize = text("batch-size", "Concurrent requests", "1", integerAtLeast(1, false));
    public final StringProperty apiKeyEnv = text("api-key-env", "API key variable", "", FieldRules.envVarName());
    public final BooleanProperty chat = flag("chat", "Chat completions", false);
    public final BooleanProperty tls = flag("tls", "TLS (https)", false);
    public final BooleanProperty ignoreEos = flag("ignore-eos", "Ignore EOS", false);
    public final StringProperty tensorParallel = text("tensor-parallel-size", "Server's tensor parallel", "1",
            integerAtLeast(1, false));
    public final StringProperty metricsIntervalMs = text("metrics-interval-ms", "/metrics interval (ms)", "500",
            FieldRules.integerBetween(50, dev.memlens.core.run.modes.ApiConfig.MAX_METRICS_INTERVAL.toMillis()));

    /**
     * @param environment where the API key variable is looked up (the app's environment)
     * @param modelConfig the picked model's config.json, or null: gives the KV bytes of a block and the estimate
     */
    public ApiFormViewModel(Map<String, String> environment, java.util.function.Supplier<java.nio.file.Path> modelConfig) {
        this.environment = Map.copyOf(environment);
        this.modelConfig = modelConfig;
        finishFields();
    }

    @Override
    protected String crossFieldProblem() {
        String url = baseUrl.get().trim();
        if (tls.get() && url.startsWith("http://")) {
            return "Server URL: TLS is on, so the URL must start with https://";
        }
        if (!tls.get() && url.startsWith("https://")) {
            return "TLS (https): the URL is https://, so switch TLS on";
        }
        String var = optionalText(apiKeyEnv.get());
        if (var != null && environment.get(var) == null) {
            return "API key variable: " + var + " is not set in MemLens's environment; set it before starting"
                    + " MemLens, or leave the field empty for a server without --api-key";
        }
        return null;
    }

    /** The key itself, read from the environment at run time; it is never saved in presets or reports. */
    String apiKey() {
        String var = optionalText(apiKeyEnv.get());
        dev.memlens.core.process.SecretVariables.withhold(var); // no child of the run gets the key's variable
        return var == null ? null : environment.get(var);
    }

    @Override
    public String mode() {
        return "api";
    }

    @Override
    public String title() {
        return "API";
    }

    @Override
    public String modelName() {
        String m = optionalText(model.get());
        return m == null ? baseUrl.get().trim() : m;
    }

    @Override
    public Workload createWorkload() {
        return ModeWorkloads.api(this, modelConfig.get());
    }

    @Override
    public EstimateRequest estimateRequest() {
        // the server's own engine settings are unknown; batch and lengths are what this run asks for
        return EstimateRequest.of(Engine.VLLM, FieldRules.intValue(batchSize.get()), 1,
                FieldRules.intValue(maxTokens.get())).withTensorParallel(FieldRules.intValue(tensorParallel.get()));
    }
}
