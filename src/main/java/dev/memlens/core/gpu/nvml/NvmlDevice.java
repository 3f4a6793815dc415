package dev.memlens.core.gpu.nvml;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.memlens.core.gpu.GpuProcessSample;
import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.gpu.GpuSamplerException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one GPU through NVML into buffers allocated once, so a reading costs the native calls and the
 * {@link GpuSample} it returns, nothing else. An optional reading that answers NOT_SUPPORTED (or a v2 struct the
 * driver does not know) is not asked again: its field stays unknown. Utilization and power are asked at most every
 * {@value #SLOW_READINGS_MILLIS} ms and repeated in between: the driver averages utilization over 1/6 s to 1 s and
 * refreshes the power sensor about as often, so asking at 1 kHz would only cost CPU.
 */
final class NvmlDevice {
    static final long SLOW_READINGS_MILLIS = 100;
    /** NVML_STRUCT_VERSION(Memory, 2): sizeof(nvmlMemory_v2_t) | 2 << 24. */
    private static final int MEMORY_V2_VERSION = 40 | (2 << 24);
    private static final int PROCESS_INFO_SIZE = 24;
    private static final int ARGUMENT_VERSION_MISMATCH = 25;
    /** NVML_VALUE_NOT_AVAILABLE for usedGpuMemory (e.g. Windows WDDM). */
    private static final long VALUE_NOT_AVAILABLE = -1L;

    private final NvmlBinding.Bound library;
    private final int index;
    private final long handle;
    private final String uuid;
    private final String name;
    private final Memory memory = new Memory(40);
    private final long memoryAddress = Pointer.nativeValue(memory);
    private final Memory scalar = new Memory(8);
    private final long scalarAddress = Pointer.nativeValue(scalar);
    private boolean memoryV2;
    private boolean utilization;
    private boolean power;
    private Long total;
    private long slowReadAtNanos;
    private boolean slowReadOnce;
    private Integer utilizationPercent;
    private Double powerWatts;
    private Memory processes;
    private int processCapacity;
    private final Memory processCount = new Memory(4);

    NvmlDevice(NvmlBinding.Bound library, int index, long handle, String uuid, String name) {
        this.library = library;
        this.index = index;
        this.handle = handle;
        this.uuid = uuid;
        this.name = name;
        this.memoryV2 = library.has(NvmlBinding.Optional.MEMORY_V2);
        this.utilization = library.has(NvmlBinding.Optional.UTILIZATION);
        this.power = library.has(NvmlBinding.Optional.POWER);
    }

    int index() {
        return index;
    }

    String uuid() {
        return uuid;
    }

    String name() {
        return name;
    }

    /** One reading; a failure of the memory call (the one figure that matters) is thrown, worded for the user. */
    GpuSample read(long timestampMillis) throws GpuSamplerException {
        long used;
        long totalBytes;
        Long reserved = null;
        int code = NvmlReturn.NOT_SUPPORTED;
        if (memoryV2) {
            memory.setInt(0, MEMORY_V2_VERSION);
            code = NvmlNative.MemoryV2.nvmlDeviceGetMemoryInfo_v2(handle, memoryAddress);
            if (code == NvmlReturn.NOT_SUPPORTED || code == ARGUMENT_VERSION_MISMATCH
                    || code == NvmlReturn.FUNCTION_NOT_FOUND) {
                memoryV2 = false;
            }
        }
        if (memoryV2) {
            if (code != NvmlReturn.SUCCESS) { // the message is built only on failure: no garbage per reading
                throw NvmlSession.failure(library, "nvmlDeviceGetMemoryInfo_v2 of GPU " + index, code);
            }
            totalBytes = memory.getLong(8);
            reserved = memory.getLong(16);
            used = memory.getLong(32);
        } else {
            code = NvmlNative.nvmlDeviceGetMemoryInfo(handle, memoryAddress);
            if (code != NvmlReturn.SUCCESS) {
                throw NvmlSession.failure(library, "nvmlDeviceGetMemoryInfo of GPU " + index, code);
            }
            totalBytes = memory.getLong(0);
            used = memory.getLong(16);
        }
        if (total == null || total != totalBytes) {
            total = totalBytes;
        }
        long now = System.nanoTime();
        if (!slowReadOnce || now - slowReadAtNanos >= SLOW_READINGS_MILLIS * 1_000_000) {
            slowReadOnce = true;
            slowReadAtNanos = now;
            utilizationPercent = readUtilization();
            powerWatts = readPower();
        }
        return GpuSample.of(timestampMillis, index, uuid, name, used, total, reserved, utilizationPercent,
                powerWatts);
    }

    private Integer readUtilization() {
        if (!utilization) {
            return null;
        }
        int code = NvmlNative.Utilization.nvmlDeviceGetUtilizationRates(handle, scalarAddress);
        if (code == NvmlReturn.NOT_SUPPORTED) {
            utilization = false;
        }
        return code == NvmlReturn.SUCCESS ? scalar.getInt(0) : null;
    }

    private Double readPower() {
        if (!power) {
            return null;
        }
        int code = NvmlNative.Power.nvmlDeviceGetPowerUsage(handle, scalarAddress);
        if (code == NvmlReturn.NOT_SUPPORTED) {
            power = false;
        }
        return code == NvmlReturn.SUCCESS ? (scalar.getInt(0) & 0xFFFFFFFFL) / 1000.0 : null;
    }

    boolean listsProcesses() {
        return library.has(NvmlBinding.Optional.PROCESSES);
    }

    /** The compute processes holding memory on this GPU, or null when the driver cannot list them. */
    List<GpuProcessSample> processes(long timestampMillis) {
        if (!listsProcesses()) {
            return null;
        }
        for (int attempt = 0; attempt < 4; attempt++) {
            if (processes == null) {
                processCapacity = Math.max(16, processCapacity);
                processes = new Memory((long) processCapacity * PROCESS_INFO_SIZE);
            }
            processCount.setInt(0, processCapacity);
            int code = NvmlNative.Processes.nvmlDeviceGetComputeRunningProcesses_v3(handle,
                    Pointer.nativeValue(processCount), Pointer.nativeValue(processes));
            if (code == NvmlReturn.INSUFFICIENT_SIZE) {
                processCapacity = processCount.getInt(0) + 16; // processes may start between the two calls
                processes = null;
                continue;
            }
            if (code != NvmlReturn.SUCCESS) {
                return null;
            }
            int count = processCount.getInt(0);
            List<GpuProcessSample> list = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long offset = (long) i * PROCESS_INFO_SIZE;
                long pid = processes.getInt(offset) & 0xFFFFFFFFL;
                long bytes = processes.getLong(offset + 8);
                list.add(new GpuProcessSample(timestampMillis, pid, null,
                        bytes == VALUE_NOT_AVAILABLE ? null : bytes, uuid, index));
            }
            return list;
        }
        return null;
    }
}
