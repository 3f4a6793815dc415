package dev.memlens.core.gpu;

/**
 * Samples are missing from {@code fromMillis} (the last good sample) to {@code toMillis} (the next good one, or the
 * moment the sampler gave up): the tool hung, died or was restarted.
 */
public record GpuGap(long fromMillis, long toMillis, String reason) {
}
