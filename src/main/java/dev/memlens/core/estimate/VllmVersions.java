package dev.memlens.core.estimate;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How vLLM's start-up budget differs by version. From v0.21.0 CUDA graph memory is profiled and its estimate taken
 * out of the gpu_memory_utilization budget before the KV pool (a v0.26 log: "CUDA graph memory profiling is enabled
 * (default since v0.21.0). The current --gpu-memory-utilization=0.9500 is equivalent to
 * --gpu-memory-utilization=0.9139 without CUDA graph memory profiling"); before, graphs were captured on top of it
 * (the 0.19 logs: KV = budget − weights − activation peak − non-torch).
 */
public final class VllmVersions {
    private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.\\d+)?.*");

    private VllmVersions() {
    }

    /** Whether this vLLM version takes the CUDA graph estimate out of the budget (0.21 and later). */
    public static boolean graphsInBudget(String version) {
        Matcher m = VERSION.matcher(version.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("--vllm-version '" + version + "' is not a version such as 0.19.0 or 0.21");
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major > 0 || minor >= 21;
    }

    /**
     * The utilisation that gives the same KV pool without graph profiling (what the v0.21+ log line suggests):
     * {@code utilization − graph estimate / total}.
     */
    public static double utilizationWithoutGraphProfiling(double utilization, long graphBytes, long totalBytes) {
        return utilization - (double) graphBytes / totalBytes;
    }
}
