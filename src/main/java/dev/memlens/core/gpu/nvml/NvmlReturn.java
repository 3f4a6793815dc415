package dev.memlens.core.gpu.nvml;

import dev.memlens.core.gpu.GpuSamplerError;

/** NVML's {@code nvmlReturn_t} codes MemLens acts on, and what each means for the user. */
final class NvmlReturn {
    static final int SUCCESS = 0;
    static final int UNINITIALIZED = 1;
    static final int INVALID_ARGUMENT = 2;
    static final int NOT_SUPPORTED = 3;
    static final int NO_PERMISSION = 4;
    static final int NOT_FOUND = 6;
    static final int INSUFFICIENT_SIZE = 7;
    static final int DRIVER_NOT_LOADED = 9;
    static final int TIMEOUT = 10;
    static final int LIBRARY_NOT_FOUND = 12;
    static final int FUNCTION_NOT_FOUND = 13;
    static final int GPU_IS_LOST = 15;
    static final int RESET_REQUIRED = 16;
    static final int LIB_RM_VERSION_MISMATCH = 18;
    static final int NO_DATA = 21;
    static final int GPU_NOT_FOUND = 28;

    private NvmlReturn() {
    }

    static GpuSamplerError.Kind kind(int code) {
        return switch (code) {
            case DRIVER_NOT_LOADED, LIBRARY_NOT_FOUND -> GpuSamplerError.Kind.NO_DRIVER;
            case LIB_RM_VERSION_MISMATCH -> GpuSamplerError.Kind.DRIVER_MISMATCH;
            case GPU_IS_LOST, RESET_REQUIRED, GPU_NOT_FOUND -> GpuSamplerError.Kind.GPU_LOST;
            case TIMEOUT -> GpuSamplerError.Kind.HUNG;
            default -> GpuSamplerError.Kind.TOOL_FAILED;
        };
    }

    /** Failures worth retrying on the next tick; anything else ends sampling. */
    static boolean isTransient(int code) {
        return code == TIMEOUT || code == NO_DATA;
    }

    /** What the user can do about it. */
    static String advice(int code) {
        return switch (code) {
            case DRIVER_NOT_LOADED -> "load the NVIDIA kernel driver (nvidia-smi should work)";
            case LIB_RM_VERSION_MISMATCH -> "the driver was updated: reboot, or reload the nvidia kernel module";
            case NO_PERMISSION -> "run as a user allowed to read the GPU (/dev/nvidia*)";
            case GPU_IS_LOST, RESET_REQUIRED -> "the GPU fell off the bus: check dmesg and reset or reboot";
            case GPU_NOT_FOUND, NOT_FOUND -> "check the GPU selection against nvidia-smi -L";
            case LIBRARY_NOT_FOUND, FUNCTION_NOT_FOUND -> "install a matching NVIDIA driver";
            default -> "check that nvidia-smi works on this machine";
        };
    }
}
