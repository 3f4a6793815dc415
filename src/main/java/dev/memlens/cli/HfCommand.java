package dev.memlens.cli;

import dev.memlens.core.hf.HfProfileRequest;
import dev.memlens.core.run.modes.HfConfig;
import dev.memlens.core.run.modes.HfWorkload;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** memlens hf: profiles a transformers generate() run with the bundled profiler script (original profile-model-memory.py flags). */
@Command(name = "hf", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Loads a model with transformers (real weights, or random weights from its config.json with no"
                + " download), runs generate() while sampling the GPUs, and saves a report with the torch allocator's"
                + " breakdown (also when the run fails or is cancelled)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the run completed", "1:the run failed, or its report could not be written (it says why)",
                ExitCodes.LINE_USAGE, ExitCodes.LINE_TIMEOUT, ExitCodes.LINE_SIGINT, ExitCodes.LINE_SIGTERM})
public final class HfCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model directory (holding config.json) or Hugging Face id.")
    String model;

    @Option(names = "--random-weights", description = "Build the model from config.json with random weights (no download).")
    boolean randomWeights;

    @Option(names = "--dtype", defaultValue = "auto", description = "auto, float16, bfloat16, float32. Default: ${DEFAULT-VALUE}.")
    String dtype;

    @Option(names = "--batch-size", defaultValue = "1", description = "Sequences generated together. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--input-len", description = "Random prompt token ids of this length (no tokenizer needed).")
    Integer inputLen;

    @Option(names = "--prompt", description = "Prompt text (needs the model's tokenizer). Default: 'Hello, how are you?'.")
    String prompt;

    @Option(names = {"--max-tokens", "--max-new-tokens"}, defaultValue = "100",
            description = "Tokens generated per sequence. Default: ${DEFAULT-VALUE}.")
    int maxTokens;

    @Option(names = "--python", paramLabel = "PATH", defaultValue = "python3",
            description = "Python interpreter with torch and transformers. Default: ${DEFAULT-VALUE} (from PATH).")
    String python;

    @Option(names = "--device", defaultValue = "cuda", description = "CUDA device, e.g. cuda:1. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--trust-remote-code", description = "Allow the model's own code (transformers' trust_remote_code).")
    boolean trustRemoteCode;

    @Mixin
    RunOptions run = new RunOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;


    @Override
    public Integer call() {
        HfConfig config;
        try {
            if (inputLen != null && prompt != null) {
                throw new IllegalArgumentException("give --input-len or --prompt, not both");
            }
            config = HfConfig.of(new HfProfileRequest(model, randomWeights, dtype, batchSize,
                    inputLen == null ? OptionalInt.empty() : OptionalInt.of(inputLen), Optional.ofNullable(prompt),
                    maxTokens, device, trustRemoteCode), python);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("memlens hf: " + e.getMessage());
            return CommandLineErrors.USAGE;
        }
        return RunCommandSupport.run(new HfWorkload(config), run, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
