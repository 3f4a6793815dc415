package dev.memlens.core.gpu;

/**
 * A failure of the sampling tool, already worded for the user.
 *
 * @param fatal true when the sampler stopped for good (driver error, retries used up); false for a recoverable hiccup
 */
public record GpuSamplerError(long timestampMillis, Kind kind, String message, boolean fatal) {

    /** What went wrong, so callers can react without parsing the message. */
    public enum Kind {
        /** "No devices were found" or an empty selection. */
        NO_DEVICES,
        /** "Unable to determine the device handle ...: GPU is lost". */
        GPU_LOST,
        /** The driver is not loaded or cannot be reached. */
        NO_DRIVER,
        /** "Failed to initialize NVML: Driver/library version mismatch". */
        DRIVER_MISMATCH,
        /** The tool rejected a query field (nvidia-smi exit 2). */
        INVALID_FIELD,
        /** The tool printed nothing usable for several intervals and was restarted too often. */
        HUNG,
        /** The tool exited with an error not classified above, or could not be started. */
        TOOL_FAILED
    }
}
