package dev.memlens.core.gpu.nvidia;

import dev.memlens.core.gpu.GpuSample;

/**
 * One parsed --query-gpu line before it becomes a sample: memory may be absent (unified-memory GPUs print [N/A]).
 *
 * @param timestampMillis from the line's timestamp column, or null when the query had none
 */
public record SmiRow(Long timestampMillis, int index, String uuid, String name, Long usedBytes, Long totalBytes,
                     Long reservedBytes, Integer utilizationPercent, Double powerWatts) {

    public boolean hasMemory() {
        return usedBytes != null;
    }

    /** A device sample; the row must have a used figure. */
    public GpuSample toSample(long fallbackTimestampMillis) {
        long ts = timestampMillis != null ? timestampMillis : fallbackTimestampMillis;
        return GpuSample.of(ts, index, uuid, name, usedBytes, totalBytes, reservedBytes, utilizationPercent,
                powerWatts);
    }

    /** A unified-memory sample whose used figure is the sum of the GPU's processes. */
    public GpuSample toProcessSumSample(long fallbackTimestampMillis, long processBytes) {
        long ts = timestampMillis != null ? timestampMillis : fallbackTimestampMillis;
        return new GpuSample(ts, index, uuid, name, processBytes, totalBytes, reservedBytes, utilizationPercent,
                powerWatts, GpuSample.MemoryBasis.PROCESS_SUM);
    }
}
