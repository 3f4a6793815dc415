package dev.memlens.core.vllm.bench;

/** The two timed loops of {@code vllm bench latency}. */
public enum BenchPhase {
    /** "Warmup iterations". */
    WARMUP,
    /** "Bench iterations" (older versions: "Profiling iterations"). */
    BENCH
}
