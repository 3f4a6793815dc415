package dev.memlens.core.run.modes;

import dev.memlens.core.docker.ApiEndpoint;
import dev.memlens.core.docker.ContainerInfo;
import dev.memlens.core.docker.DetectedFramework;
import dev.memlens.core.docker.DockerClient;
import dev.memlens.core.docker.DockerException;
import dev.memlens.core.hf.HfProfileRequest;
import dev.memlens.core.report.BenchmarkParameters;
import dev.memlens.core.report.EngineMetadata;
import dev.memlens.core.report.ModelInfo;
import dev.memlens.core.report.FailureKind;
import dev.memlens.core.report.RunFailure;
import dev.memlens.core.run.GpuFigures;
import dev.memlens.core.run.ReportParts;
import dev.memlens.core.run.RunContext;
import dev.memlens.core.run.Workload;
import dev.memlens.core.run.WorkloadFailedException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The container mode: the container must be running; what serves the model inside decides the rest. vLLM: the
 * API mode against the host port docker maps to the container's API port. Transformers: the profiler script copied
 * in and run with docker exec, its events streamed out, the same breakdown as the transformers mode.
 */
public final class DockerWorkload implements Workload {
    /** Where the original wrapper looked for a model directory inside the container, in order. */
    static final List<String> MODEL_DIRECTORIES = List.of("/model", "/models", "/workspace/model", "/app/model");
    private static final Duration DOCKER_COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final DockerConfig config;
    private volatile Workload delegate;
    private volatile boolean cancelled;
    private volatile RunFailure failure;
    private volatile String framework;
    private volatile String endpointNote;

    public DockerWorkload(DockerConfig config) {
        this.config = config;
    }

    @Override
    public String mode() {
        return "docker";
    }

    @Override
    public ModelInfo model() {
        Workload current = delegate;
        return current != null ? current.model() : ModelInfo.named(config.model() != null ? config.model()
                : "model in container " + config.container());
    }

    @Override
    public BenchmarkParameters parameters() {
        Workload current = delegate;
        return current != null ? current.parameters() : new BenchmarkParameters(config.inputLength(), config.maxTokens(),
                config.batchSize(), config.dtype(), null, null, null, null, null, null, null, null, null);
    }

    @Override
    public void run(RunContext context) throws WorkloadFailedException, InterruptedException {
        DockerClient docker = new DockerClient(config.dockerCommand(), context.processes(), context.environment(),
                DOCKER_COMMAND_TIMEOUT);
        Workload chosen;
        try {
            ContainerInfo container = requireRunning(docker);
            DetectedFramework detected = docker.detectFramework(container.name());
            framework = detected.kind().name().toLowerCase(java.util.Locale.ROOT);
            context.logLine("stderr", "memlens: container '" + container.name() + "' runs " + framework
                    + (detected.evidence().isEmpty() ? "" : " (" + detected.evidence() + ")"));
            chosen = switch (detected.kind()) {
                case VLLM -> vllm(docker, container, context);
                case TRANSFORMERS -> transformers(docker, container, context);
                case UNKNOWN -> throw fail("framework-not-detected", "Neither vLLM nor a Python process runs in container '"
                        + container.name() + "'", "start the model server in the container, or use memlens api/hf directly");
            };
        } catch (DockerException e) {
            throw fail("docker", e.getMessage(), "fix the docker problem above and run again");
        }
        synchronized (this) {
            if (cancelled) {
                return;
            }
            delegate = chosen;
        }
        chosen.run(context);
    }

    private ContainerInfo requireRunning(DockerClient docker) throws WorkloadFailedException, DockerException {
        try {
            return docker.requireRunning(config.container());
        } catch (DockerException e) {
            if (e.getMessage().startsWith("Container '")) {
                throw fail("container-not-running", e.getMessage(), "start the container (docker start "
                        + config.container() + ") or pass the name of a running one");
            }
            throw e;
        }
    }

    private Workload vllm(DockerClient docker, ContainerInfo container, RunContext context)
            throws DockerException, WorkloadFailedException {
        ApiEndpoint endpoint = docker.resolveApiEndpoint(container.name(), config.containerPort());
        String url;
        if (endpoint.fromHost()) {
            url = endpoint.url();
        } else if ("host".equals(container.networks())) {
            url = "http://127.0.0.1:" + config.containerPort(); // host networking: the container's port is the host's
        } else {
            throw fail("api-port-not-published", "The vLLM API of '" + container.name() + "' is not reachable from this host: "
                            + endpoint.note(), "publish the port (docker run -p " + config.containerPort() + ":"
                            + config.containerPort() + " ...), or run memlens api --api-url with an address that reaches it");
        }
        String fromHere;
        try {
            fromHere = context.processes().reachFromHere(url); // docker's host may be an SSH server: forward its port
        } catch (java.io.IOException e) {
            throw fail("api-forward", "The vLLM API of '" + container.name() + "' at " + url + " on "
                    + context.processes().description() + " cannot be reached from here: " + e.getMessage(),
                    "check the connection to the host, or run memlens api --api-url with an address that reaches it");
        }
        endpointNote = fromHere.equals(url) ? url + " (" + endpoint.note() + ")"
                : fromHere + " (" + url + " on " + context.processes().description() + ", forwarded; "
                + endpoint.note() + ")";
        url = fromHere;
        context.logLine("stderr", "memlens: vLLM API at " + endpointNote);
        return new ApiWorkload(new ApiConfig(url, config.apiKey(), config.model(), config.prompt(), config.maxTokens(),
                config.batchSize(), config.chat(), false, config.modelConfig(), 1, null, null), "docker");
    }

    private Workload transformers(DockerClient docker, ContainerInfo container, RunContext context)
            throws DockerException, WorkloadFailedException {
        String model = config.model() != null ? config.model() : detectModelPath(docker, container.name())
                .orElseThrow(() -> fail("model-not-found", "No model directory with config.json found in container '"
                        + container.name() + "' (looked at " + String.join(", ", MODEL_DIRECTORIES)
                        + ", $MODEL_PATH, $HF_MODEL)", "pass the model's path inside the container with --model"));
        context.logLine("stderr", "memlens: profiling " + model + " inside '" + container.name() + "'");
        HfProfileRequest request = new HfProfileRequest(model, config.randomWeights(), config.dtype(), config.batchSize(),
                config.inputLength() == null ? OptionalInt.empty() : OptionalInt.of(config.inputLength()),
                Optional.ofNullable(config.prompt()), config.maxTokens(), "cuda", false);
        DockerHfLauncher launcher = new DockerHfLauncher(docker, container.name(), config.python(),
                config.cancelGrace());
        return new HfWorkload(new HfConfig(request, config.python(), config.cancelGrace()), launcher, "docker");
    }

    private static Optional<String> detectModelPath(DockerClient docker, String container) throws DockerException {
        List<String> candidates = new java.util.ArrayList<>(MODEL_DIRECTORIES);
        for (String variable : List.of("MODEL_PATH", "HF_MODEL")) {
            var value = docker.exec(container, List.of("printenv", variable));
            if (value.exitCode() == 0 && !value.stdout().isEmpty() && !value.stdout().get(0).isBlank()) {
                candidates.add(value.stdout().get(0).strip());
            }
        }
        for (String candidate : candidates) {
            if (docker.exec(container, List.of("test", "-f", candidate + "/config.json")).exitCode() == 0) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private WorkloadFailedException fail(String code, String message, String advice) {
        failure = new RunFailure(FailureKind.SETUP, code, message, advice);
        return new WorkloadFailedException(message + " — " + advice);
    }

    @Override
    public void cancel() {
        Workload current;
        synchronized (this) {
            cancelled = true;
            current = delegate;
        }
        if (current != null) {
            current.cancel();
        }
    }

    @Override
    public void contribute(ReportParts parts, GpuFigures gpus) {
        Workload current = delegate;
        if (current != null) {
            current.contribute(parts, gpus);
            EngineMetadata engine = parts.engine();
            if (engine != null) {
                parts.engine(new EngineMetadata(engine.engineType(), engine.engineVersion(), engine.profilingMethod(),
                        engine.profilerVersion() + " in container " + config.container()
                                + (endpointNote != null ? " via " + endpointNote : ""), engine.samplerTool()));
            }
        } else {
            parts.model(model()).parameters(parameters());
        }
        if (failure != null) {
            parts.failure(failure);
        }
    }

    /** The estimate of what runs inside: the vLLM server's or the transformers profiler's, once detected. */
    @Override
    public Optional<dev.memlens.core.run.EstimateInput> estimateInput(java.util.Map<String, String> environment) {
        Workload current = delegate;
        return current != null ? current.estimateInput(environment) : Optional.empty();
    }

    /** "vllm", "transformers" or "unknown" once detected, else null. */
    public String detectedFramework() {
        return framework;
    }
}
