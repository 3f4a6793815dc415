package dev.memlens.core.gpu;

import dev.memlens.core.process.Host;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to find and run the GPU tool. The environment is passed explicitly (never read from the JVM inside core) so
 * tests can put stand-in tools first on PATH; it is also the child process's environment and the source of
 * CUDA_VISIBLE_DEVICES / HIP_VISIBLE_DEVICES / ROCR_VISIBLE_DEVICES and MEMLENS_NVML_LIBRARY.
 *
 * @param intervalMs        time between samples; each source has its own floor ({@link GpuSourceDescriptor})
 * @param processIntervalMs time between per-process polls (nvidia-smi --query-compute-apps); 0 turns them off
 * @param environment       environment of the tool and source of PATH and the *_VISIBLE_DEVICES variables
 * @param gpuIndices        explicit tool indices to sample; empty means all visible GPUs
 * @param sysfsDrmRoot      where AMD's sysfs counters live (/sys/class/drm)
 * @param hangIntervals     a tool that prints no usable line for this many intervals is killed and restarted
 * @param maxRestarts       restarts in a row (without a good sample between) before the sampler gives up
 * @param toolTimeout       limit for one-shot tool calls (baseline, per-process poll, AMD polls)
 * @param stopGrace         time between a polite destroy and destroyForcibly
 * @param source            a registered source's id ({@link GpuSources}), or {@value GpuSources#AUTO}
 * @param host              where the tools run: this machine, or a GPU server over ssh
 * @param sourceAddress     the server a source that is not on this machine reads (a Prometheus URL), or null
 * @param sourceSelector    label matchers that narrow that server's series (e.g. {@code {Hostname="node1"}}), or
 *                          null for all
 */
public record GpuSamplerOptions(long intervalMs, long processIntervalMs, Map<String, String> environment,
                                List<Integer> gpuIndices, Path sysfsDrmRoot, int hangIntervals, int maxRestarts,
                                Duration toolTimeout, Duration stopGrace, String source, Host host,
                                String sourceAddress, String sourceSelector) {

    /** The floor of every source (NVML's); tools that start a process per reading have higher ones. */
    public static final long MIN_INTERVAL_MS = 1;

    public GpuSamplerOptions {
        if (intervalMs < MIN_INTERVAL_MS) {
            throw new IllegalArgumentException("sampling interval " + intervalMs + " ms is too short: use "
                    + MIN_INTERVAL_MS + " ms or more");
        }
        environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        gpuIndices = List.copyOf(gpuIndices);
        Objects.requireNonNull(sysfsDrmRoot, "sysfsDrmRoot");
        Objects.requireNonNull(toolTimeout, "toolTimeout");
        Objects.requireNonNull(stopGrace, "stopGrace");
        source = source == null ? GpuSources.AUTO : source;
        host = host == null ? Host.local() : host;
        if (hangIntervals < 1 || maxRestarts < 0) {
            throw new IllegalArgumentException("hangIntervals must be >= 1 and maxRestarts >= 0");
        }
    }

    /** Defaults: 100 ms samples, per-process every second, the given environment, all visible GPUs, auto source. */
    public static GpuSamplerOptions defaults(Map<String, String> environment) {
        return new GpuSamplerOptions(100, 1000, environment, List.of(), Path.of("/sys/class/drm"), 3, 3,
                Duration.ofSeconds(10), Duration.ofMillis(500), GpuSources.AUTO, Host.local(), null, null);
    }

    public GpuSamplerOptions withIntervalMs(long ms) {
        return new GpuSamplerOptions(ms, processIntervalMs, environment, gpuIndices, sysfsDrmRoot, hangIntervals,
                maxRestarts, toolTimeout, stopGrace, source, host, sourceAddress, sourceSelector);
    }

    public GpuSamplerOptions withProcessIntervalMs(long ms) {
        return new GpuSamplerOptions(intervalMs, ms, environment, gpuIndices, sysfsDrmRoot, hangIntervals,
                maxRestarts, toolTimeout, stopGrace, source, host, sourceAddress, sourceSelector);
    }

    public GpuSamplerOptions withGpuIndices(List<Integer> indices) {
        return new GpuSamplerOptions(intervalMs, processIntervalMs, environment, indices, sysfsDrmRoot,
                hangIntervals, maxRestarts, toolTimeout, stopGrace, source, host, sourceAddress, sourceSelector);
    }

    public GpuSamplerOptions withSysfsDrmRoot(Path root) {
        return new GpuSamplerOptions(intervalMs, processIntervalMs, environment, gpuIndices, root, hangIntervals,
                maxRestarts, toolTimeout, stopGrace, source, host, sourceAddress, sourceSelector);
    }

    public GpuSamplerOptions withRetries(int newHangIntervals, int newMaxRestarts) {
        return new GpuSamplerOptions(intervalMs, processIntervalMs, environment, gpuIndices, sysfsDrmRoot,
                newHangIntervals, newMaxRestarts, toolTimeout, stopGrace, source, host, sourceAddress, sourceSelector);
    }

    public GpuSamplerOptions withToolTimeout(Duration timeout) {
        return new GpuSamplerOptions(intervalMs, processIntervalMs, environment, gpuIndices, sysfsDrmRoot,
                hangIntervals, maxRestarts, timeout, stopGrace, source, host, sourceAddress, sourceSelector);
    }

    /** The GPU source by id ("auto", "nvml", "nvidia-smi", ...); see {@link GpuSources#ids()}. */
    public GpuSamplerOptions withSource(String id) {
        return new GpuSamplerOptions(intervalMs, processIntervalMs, environment, gpuIndices, sysfsDrmRoot,
                hangIntervals, maxRestarts, toolTimeout, stopGrace, id, host, sourceAddress, sourceSelector);
    }

    /** Samples on another host (an SSH server) instead of this machine. */
    public GpuSamplerOptions withHost(Host other) {
        return new GpuSamplerOptions(intervalMs, processIntervalMs, environment, gpuIndices, sysfsDrmRoot,
                hangIntervals, maxRestarts, toolTimeout, stopGrace, source, other, sourceAddress, sourceSelector);
    }

    /**
     * Reads GPU memory from a server instead of a local tool: {@code address} is what the source needs (a Prometheus
     * URL), {@code selector} narrows the series (null: all). Use with {@link #withSource} naming such a source.
     */
    public GpuSamplerOptions withSourceAddress(String address, String selector) {
        return new GpuSamplerOptions(intervalMs, processIntervalMs, environment, gpuIndices, sysfsDrmRoot,
                hangIntervals, maxRestarts, toolTimeout, stopGrace, source, host, address, selector);
    }
}
