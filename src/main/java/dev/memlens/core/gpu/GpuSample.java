package dev.memlens.core.gpu;

import java.util.Objects;

/**
 * One reading of one GPU's memory. Sizes are bytes; a {@code null} boxed value means the tool did not report it
 * ("[N/A]", "[Not Supported]", empty cell, ...), never zero.
 *
 * @param timestampMillis epoch milliseconds when the reading was taken (or read from the trace)
 * @param index           the tool's zero-based GPU index
 * @param uuid            GPU UUID ("GPU-..." on NVIDIA), or null when the tool gives none
 * @param name            product name, or null
 * @param usedBytes       memory in use on the device
 * @param totalBytes      installed memory, or null (unified-memory GPUs)
 * @param reservedBytes   memory reserved by driver and firmware (nvidia-smi memory.reserved), or null
 * @param utilizationPercent kernel-busy percentage (not memory capacity), or null
 * @param powerWatts      board power draw, or null
 * @param basis           how {@code usedBytes} was obtained
 */
public record GpuSample(long timestampMillis, int index, String uuid, String name, long usedBytes, Long totalBytes,
                        Long reservedBytes, Integer utilizationPercent, Double powerWatts, MemoryBasis basis) {

    /** Where the used figure comes from. */
    public enum MemoryBasis {
        /** The device's own memory counters. */
        DEVICE,
        /** The device reports no memory counters (unified memory): the sum of its processes' memory. */
        PROCESS_SUM
    }

    public GpuSample {
        Objects.requireNonNull(basis, "basis");
    }

    /** A device-counter sample. */
    public static GpuSample of(long timestampMillis, int index, String uuid, String name, long usedBytes,
                               Long totalBytes, Long reservedBytes, Integer utilizationPercent, Double powerWatts) {
        return new GpuSample(timestampMillis, index, uuid, name, usedBytes, totalBytes, reservedBytes,
                utilizationPercent, powerWatts, MemoryBasis.DEVICE);
    }

    public GpuSample withTimestamp(long newTimestampMillis) {
        return new GpuSample(newTimestampMillis, index, uuid, name, usedBytes, totalBytes, reservedBytes,
                utilizationPercent, powerWatts, basis);
    }

    /** A key that identifies the GPU across samples: the UUID when known, else the index. */
    public String gpuKey() {
        return uuid != null ? uuid : "#" + index;
    }
}
