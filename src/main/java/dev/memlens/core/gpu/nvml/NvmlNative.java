package dev.memlens.core.gpu.nvml;

/**
 * NVML's C entry points, direct-mapped by JNA ({@code Native.register}): a call passes primitives only (handles and
 * buffer addresses as {@code long}), so sampling allocates nothing per call. Direct mapping binds a class to one
 * library for the whole JVM, which is how NVML works anyway (one driver, reference-counted init per process);
 * {@link NvmlBinding} does the binding. The required entry points live here; each optional one has its own nested
 * class so that a library without it still binds (its field is then unknown).
 */
final class NvmlNative {
    private NvmlNative() {
    }

    static native int nvmlInit_v2();

    static native int nvmlShutdown();

    static native String nvmlErrorString(int result);

    static native int nvmlDeviceGetCount_v2(long countOut);

    static native int nvmlDeviceGetHandleByIndex_v2(int index, long deviceOut);

    /** {@code nvmlMemory_t}: total, free, used (unsigned long long each); used includes reserved memory. */
    static native int nvmlDeviceGetMemoryInfo(long device, long memoryOut);

    static native int nvmlDeviceGetName(long device, long nameOut, int length);

    static native int nvmlDeviceGetUUID(long device, long uuidOut, int length);

    /** {@code nvmlMemory_v2_t}: version (unsigned int, padded to 8), total, reserved, free, used. */
    static final class MemoryV2 {
        private MemoryV2() {
        }

        static native int nvmlDeviceGetMemoryInfo_v2(long device, long memoryOut);
    }

    /** {@code nvmlUtilization_t}: gpu, memory (unsigned int percent each). */
    static final class Utilization {
        private Utilization() {
        }

        static native int nvmlDeviceGetUtilizationRates(long device, long utilizationOut);
    }

    static final class Power {
        private Power() {
        }

        /** Board power draw in milliwatts (unsigned int). */
        static native int nvmlDeviceGetPowerUsage(long device, long milliwattsOut);
    }

    /** {@code nvmlProcessInfo_t} (v2/v3 layout): pid (uint), usedGpuMemory (ull), gpuInstanceId, computeInstanceId. */
    static final class Processes {
        private Processes() {
        }

        static native int nvmlDeviceGetComputeRunningProcesses_v3(long device, long countInOut, long infosOut);
    }

    static final class DriverVersion {
        private DriverVersion() {
        }

        static native int nvmlSystemGetDriverVersion(long versionOut, int length);
    }
}
