package dev.memlens.core.report;

/** One GPU of the run: identity, capacity, and the used memory at baseline and at peak (null when unknown). */
public record GpuDevice(int index, String uuid, String name, Long totalBytes, Long baselineUsedBytes, Long peakUsedBytes,
                        Long peakAtMillis) {
}
