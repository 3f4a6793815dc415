package dev.memlens.cli;

import dev.memlens.core.run.bench.BenchConfig;
import dev.memlens.core.run.bench.BenchWorkload;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** memlens bench: profiles {@code vllm bench latency}, with the original profiler's flag names. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs `vllm bench latency` while sampling the GPUs, reads vLLM's own memory accounting from its"
                + " log and saves a report (also when the run fails or is cancelled).",
                "Engine arguments after `--` are passed to vLLM unchanged."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the run completed", "1:the run failed, or its report could not be written (it says why)",
                ExitCodes.LINE_USAGE, ExitCodes.LINE_TIMEOUT, ExitCodes.LINE_SIGINT, ExitCodes.LINE_SIGTERM})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model name or path, as vLLM takes it.")
    String model;

    @Option(names = "--input-len", required = true, description = "Prompt tokens per request.")
    int inputLen;

    @Option(names = "--output-len", required = true, description = "Generated tokens per request.")
    int outputLen;

    @Option(names = "--batch-size", defaultValue = "1", description = "Requests per batch. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--dtype", defaultValue = "auto", description = "auto, float16, bfloat16, float32. Default: ${DEFAULT-VALUE}.")
    String dtype;

    @Option(names = {"--tensor-parallel-size", "-tp"}, defaultValue = "1", description = "GPUs to shard over. Default: ${DEFAULT-VALUE}.")
    int tensorParallelSize;

    @Option(names = "--quantization", description = "awq, gptq, fp8, ... (vLLM's --quantization).")
    String quantization;

    @Option(names = "--kv-cache-dtype", description = "auto, fp8, ... (vLLM's --kv-cache-dtype).")
    String kvCacheDtype;

    @Option(names = "--trust-remote-code", description = "Allow the model's own code (vLLM's --trust-remote-code).")
    boolean trustRemoteCode;

    @Option(names = "--enforce-eager", description = "Disable CUDA graphs (vLLM's --enforce-eager).")
    boolean enforceEager;

    @Option(names = "--num-iters-warmup", defaultValue = "10", description = "Warm-up iterations. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--num-iters", defaultValue = "30", description = "Measured iterations. Default: ${DEFAULT-VALUE}.")
    int iters;

    @Option(names = "--max-model-len", description = "vLLM's --max-model-len.")
    Integer maxModelLen;

    @Option(names = "--gpu-memory-utilization", description = "vLLM's --gpu-memory-utilization (0..1; default: vLLM's own, 0.92 from 0.21, 0.9 before; the estimate uses the value the log reports).")
    Double gpuMemoryUtilization;

    @Option(names = "--load-format", description = "'dummy' profiles an architecture from its config.json alone, without weights.")
    String loadFormat;

    @Option(names = "--vllm", paramLabel = "COMMAND", defaultValue = "vllm",
            description = "The vLLM executable. Default: ${DEFAULT-VALUE} (from PATH).")
    String vllmExecutable;

    @Option(names = "--python", paramLabel = "PYTHON",
            description = "Run vLLM as PYTHON -m vllm.entrypoints.cli.main instead (a virtual environment's python).")
    String python;

    @CommandLine.Parameters(paramLabel = "ENGINE_ARGS", arity = "0..*", description = "Extra engine arguments (after --).")
    List<String> extraArgs = new ArrayList<>();

    @Mixin
    RunOptions run = new RunOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;


    @Override
    public Integer call() {
        BenchConfig config;
        try {
            if (loadFormat != null && !loadFormat.equals("dummy") && !loadFormat.equals("auto")) {
                extraArgs.add(0, loadFormat);
                extraArgs.add(0, "--load-format");
            }
            config = new BenchConfig(vllmCommand(), model, inputLen, outputLen, batchSize, dtype, tensorParallelSize,
                    quantization, kvCacheDtype, trustRemoteCode, enforceEager, warmup, iters, maxModelLen,
                    gpuMemoryUtilization, "dummy".equals(loadFormat), extraArgs);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("memlens bench: " + e.getMessage());
            return CommandLineErrors.USAGE;
        }
        return RunCommandSupport.run(new BenchWorkload(config), run, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    private List<String> vllmCommand() {
        return python != null ? List.of(python, "-m", "vllm.entrypoints.cli.main") : List.of(vllmExecutable);
    }
}
