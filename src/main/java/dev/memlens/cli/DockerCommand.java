package dev.memlens.cli;

import dev.memlens.core.run.modes.DockerConfig;
import dev.memlens.core.run.modes.DockerWorkload;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** memlens docker: profiles the model served in a running container (original profile-docker-model.sh flags). */
@Command(name = "docker", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Profiles the model in a running container: vLLM inside is driven through its API on the host"
                + " port docker maps; transformers inside runs MemLens' profiler script with docker exec. The GPUs are"
                + " sampled from this host and a report is saved (also when the run fails or is cancelled)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the run completed", "1:the run failed, or its report could not be written (it says why)",
                ExitCodes.LINE_USAGE, ExitCodes.LINE_TIMEOUT, ExitCodes.LINE_SIGINT, ExitCodes.LINE_SIGTERM})
public final class DockerCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONTAINER", description = "Name or ID of a running container.")
    String container;

    @Option(names = "--model", description = "vLLM: the served model id; transformers: the model path inside the"
            + " container. Default: detected.")
    String model;

    @Option(names = "--prompt", description = "Prompt. Default: 'Hello, how are you?'.")
    String prompt;

    @Option(names = "--max-tokens", defaultValue = "100", description = "Tokens per request/sequence. Default: ${DEFAULT-VALUE}.")
    int maxTokens;

    @Option(names = "--batch-size", defaultValue = "1", description = "Concurrent requests/sequences. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--dtype", defaultValue = "auto", description = "Transformers: auto, float16, bfloat16, float32.")
    String dtype;

    @Option(names = "--input-len", description = "Transformers: random prompt ids of this length instead of --prompt.")
    Integer inputLen;

    @Option(names = "--random-weights", description = "Transformers: random weights from config.json.")
    boolean randomWeights;

    @Option(names = "--chat", description = "vLLM: use /v1/chat/completions.")
    boolean chat;

    @Option(names = "--api-key-env", paramLabel = "VAR", description = "vLLM: environment variable holding the API key.")
    String apiKeyEnv;

    @Option(names = "--config", paramLabel = "FILE", description = "vLLM: the model's config.json on this host.")
    Path config;

    @Option(names = "--port", defaultValue = "8000", description = "The API port inside the container. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--python", defaultValue = "python3", description = "Transformers: the interpreter inside the container.")
    String python;

    @Option(names = "--docker", paramLabel = "COMMAND", defaultValue = "docker", description = "The docker CLI. Default: ${DEFAULT-VALUE}.")
    String dockerCommand;

    @Mixin
    RunOptions run = new RunOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;


    @Override
    public Integer call() {
        DockerConfig dockerConfig;
        try {
            if (inputLen != null && prompt != null) {
                throw new IllegalArgumentException("give --input-len or --prompt, not both");
            }
            dockerConfig = new DockerConfig(container, dockerCommand, port, model, prompt, maxTokens, batchSize, dtype,
                    inputLen, randomWeights, chat, ApiKeys.fromEnvironment(apiKeyEnv, run.environment), config, python, null);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("memlens docker: " + e.getMessage());
            spec.commandLine().getErr().println("Try 'memlens docker --help' for the options.");
            return CommandLineErrors.USAGE;
        }
        run.environment = ApiKeys.withoutKey(run.environment, apiKeyEnv);
        return RunCommandSupport.run(new DockerWorkload(dockerConfig), run, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
