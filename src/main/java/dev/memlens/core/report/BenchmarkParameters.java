package dev.memlens.core.report;

import java.util.Map;

/**
 * The workload's parameters; absent ones are null. {@code other} keeps engine arguments MemLens does not model
 * (flag name without dashes to value).
 */
public record BenchmarkParameters(Integer inputLen, Integer outputLen, Integer batchSize, String dtype,
                                  Integer tensorParallelSize, String quantization, String kvCacheDtype,
                                  Integer numItersWarmup, Integer numIters, Integer maxModelLen,
                                  Double gpuMemoryUtilization, Boolean enforceEager, Map<String, String> other) {
    public BenchmarkParameters {
        other = other == null ? Map.of() : Map.copyOf(other);
    }

    public static BenchmarkParameters empty() {
        return new BenchmarkParameters(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
