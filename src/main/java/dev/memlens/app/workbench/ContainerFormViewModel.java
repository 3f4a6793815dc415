package dev.memlens.app.workbench;

import static dev.memlens.app.workbench.FieldRules.integerAtLeast;
import static dev.memlens.app.workbench.FieldRules.optionalText;

import dev.memlens.app.task.BackgroundTask;
import dev.memlens.app.task.TaskExecutor;
import dev.memlens.core.docker.ContainerInfo;
import dev.memlens.core.docker.DockerClient;
import dev.memlens.core.estimate.EstimateRequest;
import dev.memlens.core.run.Workload;
import dev.memlens.core.process.Host;
import java.time.Duration;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Container form: a running container (picked from {@code docker ps}, listed in the background) and the
 * options of {@code memlens docker}: vLLM inside is profiled through its API, transformers with the profiler script.
 */
public final class ContainerFormViewModel extends FormViewModel {
    private final TaskExecutor executor;
    private final Map<String, String> environment;
    private final ObservableList<ContainerInfo> containers = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper containerStatus = new ReadOnlyStringWrapper("");
    public final StringProperty container = text("container", "Container", "", FieldRules.required("a running container"));
    public final StringProperty dockerCommand = text("docker", "Docker command", "docker", FieldRules.required("the docker command"));
    public final StringProperty port = text("port", "API port inside", "8000", integerAtLeast(1, false));
    public final StringProperty model = text("model", "Model", "", null);
    public final StringProperty prompt = text("prompt", "Prompt", "", null);
    public final StringProperty maxTokens = text("max-tokens", "Max tokens", "100", integerAtLeast(1, false));
    public final StringProperty batchSize = text("batch-size", "Batch size", "1", integerAtLeast(1, false));
    public final StringProperty dtype = text("dtype", "Dtype (transformers)", "auto", FieldRules.required("a dtype"));
    public final StringProperty inputLen = text("input-len", "Input length (transformers)", "", integerAtLeast(1, true));
    public final BooleanProperty randomWeights = flag("random-weights", "Random weights (transformers)", false);
    public final BooleanProperty chat = flag("chat", "Chat completions (vLLM)", false);
    public final StringProperty apiKeyEnv = text("api-key-env", "API key variable (vLLM)", "", FieldRules.envVarName());
    public final StringProperty python = text("python", "Python inside", "python3", FieldRules.required("the Python inside"));

    public ContainerFormViewModel(TaskExecutor executor, Map<String, String> environment) {
        this.executor = executor;
        this.environment = Map.copyOf(environment);
        finishFields();
    }

    public ObservableList<ContainerInfo> containers() {
        return containers;
    }

    /** "3 running containers", "Listing containers …" or why docker could not list them. */
    public ReadOnlyStringProperty containerStatusProperty() {
        return containerStatus.getReadOnlyProperty();
    }

    /** Lists the running containers ({@code docker ps}) in the background. */
    public void refreshContainers() {
        containerStatus.set("Listing containers …");
        String docker = dockerCommand.get().trim();
        executor.submit(BackgroundTask.of("docker ps", () -> new DockerClient(docker, Host.local(), environment,
                        Duration.ofSeconds(15)).listRunning())
                .onSuccess(list -> {
                    containers.setAll(list);
                    containerStatus.set(list.isEmpty() ? "No running containers: start the model's container first."
                            : list.size() + (list.size() == 1 ? " running container" : " running containers"));
                    if (container.get().isBlank() && list.size() == 1) {
                        container.set(list.get(0).name());
                    }
                })
                .onFailure(e -> {
                    containers.clear();
                    containerStatus.set(String.valueOf(e.getMessage()));
                }));
    }

    @Override
    protected String crossFieldProblem() {
        String var = optionalText(apiKeyEnv.get());
        if (var != null && environment.get(var) == null) {
            return "API key variable: " + var + " is not set in MemLens's environment";
        }
        return null;
    }

    String apiKey() {
        String var = optionalText(apiKeyEnv.get());
        dev.memlens.core.process.SecretVariables.withhold(var); // no child of the run gets the key's variable
        return var == null ? null : environment.get(var);
    }

    @Override
    public String mode() {
        return "docker";
    }

    @Override
    public String title() {
        return "Container";
    }

    @Override
    public String modelName() {
        String m = optionalText(model.get());
        return m == null ? container.get().trim() : m;
    }

    @Override
    public Workload createWorkload() {
        return ModeWorkloads.docker(this);
    }

    /** Which engine runs inside is known only once the run detects it: no estimate up front. */
    @Override
    public EstimateRequest estimateRequest() {
        return null;
    }
}
