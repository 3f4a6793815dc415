package dev.memlens.core.gpu;

/** GPU vendors MemLens can sample. */
public enum GpuVendor {
    NVIDIA,
    AMD
}
