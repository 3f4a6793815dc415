package dev.memlens.core.estimate;

/**
 * A GPU of the llm-sizer calculator's list. {@code totalBytes} is what the driver reports where known
 * ({@code driverReported} true: nvidia-smi memory.total), else the marketing size in decimal GB.
 */
public record GpuPreset(String id, String name, double marketingGb, long totalBytes, boolean driverReported) {
}
