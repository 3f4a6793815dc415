package dev.memlens.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every profiling verb shares. */
public final class RunOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Also write the report here (always written, also for a failed or cancelled run).")
    Path output;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "End the run after this long, as Cancel does; the report is saved as cancelled.")
    Double timeoutSeconds;

    @Option(names = "--interval-ms", paramLabel = "MS", defaultValue = "100",
            description = "GPU sampling interval: 1 ms or more with NVML, 10 with the tools."
                    + " Default: ${DEFAULT-VALUE} ms.")
    long intervalMs;

    @Option(names = "--source", paramLabel = "SOURCE", defaultValue = "auto",
            description = "Where GPU memory is read: auto, nvml, nvidia-smi, amd-smi, rocm-smi, sysfs or prometheus"
                    + " (with --prometheus URL; see 'memlens sample --help'). Default: ${DEFAULT-VALUE}, NVML when it"
                    + " loads, else the tools.")
    String source;

    @Option(names = "--gpus", paramLabel = "INDEX", split = ",",
            description = "GPUs to sample (tool indices, comma-separated). Default: the visible ones"
                    + " (CUDA_VISIBLE_DEVICES / HIP_VISIBLE_DEVICES / ROCR_VISIBLE_DEVICES are honoured).")
    List<Integer> gpus;

    @Mixin
    SshOptions ssh = new SshOptions();

    @Mixin
    PrometheusSourceOptions prometheus = new PrometheusSourceOptions();

    @Option(names = "--runs-dir", paramLabel = "DIR",
            description = "Run library. Default: $XDG_DATA_HOME/memlens/runs (~/.local/share/memlens/runs).")
    Path runsDir;

    @Option(names = EarlierRuns.END_FLAG,
            description = "End the engine processes that interrupted runs left running (they are listed at the start"
                    + " of every run) before this run starts.")
    boolean endSurvivors;

    /** The environment children get (PATH, *_VISIBLE_DEVICES, API key variables); tests replace it. */
    java.util.Map<String, String> environment = System.getenv();

    /** Where the run library and settings live; tests replace them. */
    dev.memlens.core.settings.AppDirectories directories = dev.memlens.core.settings.AppDirectories.fromEnvironment();

    @Option(names = "--calc-total", paramLabel = "GB",
            description = "A calculator's predicted total (decimal GB) to compare the measurement with.")
    Double calcTotal;

    /** Rejects values that would make the run meaningless, before anything starts or is saved. */
    void validate() {
        if (timeoutSeconds != null && !(timeoutSeconds > 0 && timeoutSeconds <= MAX_TIMEOUT_SECONDS)) {
            throw new IllegalArgumentException("--timeout must be more than 0 and at most " + MAX_TIMEOUT_SECONDS
                    + " seconds, got " + timeoutSeconds);
        }
        if (intervalMs < 1) {
            throw new IllegalArgumentException("--interval-ms must be at least 1, got " + intervalMs);
        }
        if (calcTotal != null && !(calcTotal >= 0 && calcTotal <= MAX_CALC_TOTAL_GB)) {
            throw new IllegalArgumentException("--calc-total must be a size from 0 to " + MAX_CALC_TOTAL_GB
                    + " GB, got " + calcTotal);
        }
        if (gpus != null && gpus.stream().anyMatch(i -> i < 0)) {
            throw new IllegalArgumentException("--gpus takes GPU indices of 0 or more, got " + gpus);
        }
        if (output != null) {
            OutputTargets.checkWritable(output, "-o/--output");
        }
    }

    /** A week: longer is a typo, and more would overflow the millisecond timer. */
    static final double MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;
    /** A petabyte: anything above is a unit mistake. */
    static final double MAX_CALC_TOTAL_GB = 1e6;
}
