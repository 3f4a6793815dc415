package dev.memlens.core.run.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything {@code vllm bench latency} is run with: the original profiler's options (same names) plus
 * max-model-len, gpu-memory-utilization, --load-format dummy and extra engine arguments passed through.
 *
 * @param vllmCommand the command that runs vLLM's CLI: {@code [vllm]}, or {@code [python3, -m, vllm.entrypoints.cli.main]}
 */
public record BenchConfig(List<String> vllmCommand, String model, int inputLen, int outputLen, int batchSize,
                          String dtype, int tensorParallelSize, String quantization, String kvCacheDtype,
                          boolean trustRemoteCode, boolean enforceEager, int numItersWarmup, int numIters,
                          Integer maxModelLen, Double gpuMemoryUtilization, boolean dummyWeights,
                          List<String> extraArgs) {
    public static final List<String> DEFAULT_COMMAND = List.of("vllm");

    public BenchConfig {
        vllmCommand = List.copyOf(vllmCommand == null || vllmCommand.isEmpty() ? DEFAULT_COMMAND : vllmCommand);
        Objects.requireNonNull(model, "model");
        dtype = dtype == null ? "auto" : dtype;
        extraArgs = extraArgs == null ? List.of() : List.copyOf(extraArgs);
        positive(inputLen, "--input-len");
        positive(outputLen, "--output-len");
        positive(batchSize, "--batch-size");
        positive(tensorParallelSize, "--tensor-parallel-size");
        positive(numIters, "--num-iters");
        if (numItersWarmup < 0) {
            throw new IllegalArgumentException("--num-iters-warmup must be 0 or more, got " + numItersWarmup);
        }
        if (gpuMemoryUtilization != null && (gpuMemoryUtilization <= 0 || gpuMemoryUtilization > 1)) {
            throw new IllegalArgumentException("--gpu-memory-utilization must be above 0 and at most 1, got "
                    + gpuMemoryUtilization);
        }
    }

    private static void positive(int value, String flag) {
        if (value < 1) {
            throw new IllegalArgumentException(flag + " must be 1 or more, got " + value);
        }
    }

    /** The defaults of the original profiler: batch 1, dtype auto, TP 1, 10 warm-up and 30 measured iterations. */
    public static BenchConfig of(String model, int inputLen, int outputLen) {
        return new BenchConfig(DEFAULT_COMMAND, model, inputLen, outputLen, 1, "auto", 1, null, null, false, false, 10,
                30, null, null, false, List.of());
    }

    /** The full argument list of {@code vllm bench latency}, writing its JSON to {@code outputJson}. */
    public List<String> benchCommand(String outputJson) {
        List<String> argv = new ArrayList<>(vllmCommand);
        argv.addAll(List.of("bench", "latency", "--model", model, "--input-len", String.valueOf(inputLen),
                "--output-len", String.valueOf(outputLen), "--batch-size", String.valueOf(batchSize), "--dtype", dtype,
                "--tensor-parallel-size", String.valueOf(tensorParallelSize),
                "--num-iters-warmup", String.valueOf(numItersWarmup), "--num-iters", String.valueOf(numIters),
                "--output-json", outputJson));
        if (quantization != null) {
            argv.addAll(List.of("--quantization", quantization));
        }
        if (kvCacheDtype != null) {
            argv.addAll(List.of("--kv-cache-dtype", kvCacheDtype));
        }
        if (maxModelLen != null) {
            argv.addAll(List.of("--max-model-len", String.valueOf(maxModelLen)));
        }
        if (gpuMemoryUtilization != null) {
            argv.addAll(List.of("--gpu-memory-utilization", String.valueOf(gpuMemoryUtilization)));
        }
        if (dummyWeights) {
            argv.addAll(List.of("--load-format", "dummy"));
        }
        if (trustRemoteCode) {
            argv.add("--trust-remote-code");
        }
        if (enforceEager) {
            argv.add("--enforce-eager");
        }
        argv.addAll(extraArgs);
        return argv;
    }

    public List<String> versionCommand() {
        return versionCommand(vllmCommand);
    }

    /** {@code vllmCommand --version}: what a user types to learn which vLLM that command runs. */
    public static List<String> versionCommand(List<String> vllmCommand) {
        List<String> argv = new ArrayList<>(vllmCommand);
        argv.add("--version");
        return List.copyOf(argv);
    }
}
