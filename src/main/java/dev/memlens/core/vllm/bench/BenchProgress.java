package dev.memlens.core.vllm.bench;

/** One tqdm update of a bench loop: iteration {@code current} of {@code total}. */
public record BenchProgress(BenchPhase phase, int current, int total) {
}
