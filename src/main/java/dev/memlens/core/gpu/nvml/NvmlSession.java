package dev.memlens.core.gpu.nvml;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.memlens.core.gpu.GpuSamplerError;
import dev.memlens.core.gpu.GpuSamplerException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One {@code nvmlInit_v2} ... {@code nvmlShutdown} span with the devices it enumerated. NVML counts inits per
 * process, so sessions may overlap (a sampler's and a one-shot baseline's).
 */
final class NvmlSession implements AutoCloseable {
    private static final int TEXT_BUFFER = 96; // NVML_DEVICE_NAME_V2_BUFFER_SIZE, NVML_DEVICE_UUID_V2_BUFFER_SIZE
    private static final int DRIVER_VERSION_BUFFER = 80; // NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE

    private final NvmlBinding.Bound library;
    private final List<NvmlDevice> devices;
    private final String driverVersion;
    private boolean closed;

    private NvmlSession(NvmlBinding.Bound library, List<NvmlDevice> devices, String driverVersion) {
        this.library = library;
        this.devices = List.copyOf(devices);
        this.driverVersion = driverVersion;
    }

    /** Loads the library if needed, initialises NVML and enumerates every device it sees. */
    static NvmlSession open(Map<String, String> environment) throws NvmlBinding.LoadException, GpuSamplerException {
        NvmlBinding.Bound library = NvmlBinding.acquire(environment);
        boolean initialised = false;
        try {
            check(library, "nvmlInit_v2", NvmlNative.nvmlInit_v2());
            initialised = true;
            Memory scratch = new Memory(TEXT_BUFFER);
            check(library, "nvmlDeviceGetCount_v2", NvmlNative.nvmlDeviceGetCount_v2(Pointer.nativeValue(scratch)));
            int count = scratch.getInt(0);
            List<NvmlDevice> devices = new ArrayList<>(count);
            for (int index = 0; index < count; index++) {
                check(library, "nvmlDeviceGetHandleByIndex_v2(" + index + ")",
                        NvmlNative.nvmlDeviceGetHandleByIndex_v2(index, Pointer.nativeValue(scratch)));
                long handle = scratch.getLong(0);
                String name = text(library, "nvmlDeviceGetName",
                        NvmlNative.nvmlDeviceGetName(handle, Pointer.nativeValue(scratch), TEXT_BUFFER), scratch);
                String uuid = text(library, "nvmlDeviceGetUUID",
                        NvmlNative.nvmlDeviceGetUUID(handle, Pointer.nativeValue(scratch), TEXT_BUFFER), scratch);
                devices.add(new NvmlDevice(library, index, handle, uuid, name));
            }
            return new NvmlSession(library, devices, driverVersion(library));
        } catch (GpuSamplerException | RuntimeException e) {
            if (initialised) {
                NvmlNative.nvmlShutdown();
            }
            NvmlBinding.release();
            throw e;
        }
    }

    NvmlBinding.Bound library() {
        return library;
    }

    List<NvmlDevice> devices() {
        return devices;
    }

    /** The driver version ("580.159.04"), or null when the library has no such entry point. */
    String driverVersion() {
        return driverVersion;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            NvmlNative.nvmlShutdown();
            NvmlBinding.release();
        }
    }

    private static String driverVersion(NvmlBinding.Bound library) {
        if (!library.has(NvmlBinding.Optional.DRIVER_VERSION)) {
            return null;
        }
        Memory buffer = new Memory(DRIVER_VERSION_BUFFER);
        int code = NvmlNative.DriverVersion.nvmlSystemGetDriverVersion(Pointer.nativeValue(buffer),
                DRIVER_VERSION_BUFFER);
        return code == NvmlReturn.SUCCESS ? buffer.getString(0) : null;
    }

    private static String text(NvmlBinding.Bound library, String call, int code, Memory buffer)
            throws GpuSamplerException {
        check(library, call, code);
        String value = buffer.getString(0).trim();
        return value.isEmpty() ? null : value;
    }

    static void check(NvmlBinding.Bound library, String call, int code) throws GpuSamplerException {
        if (code != NvmlReturn.SUCCESS) {
            throw failure(library, call, code);
        }
    }

    /** One line: what failed, NVML's own words, and what to do. */
    static GpuSamplerException failure(NvmlBinding.Bound library, String call, int code) {
        GpuSamplerError.Kind kind = NvmlReturn.kind(code);
        return new GpuSamplerException(kind, "NVML (" + library.library() + "): " + call + " failed: "
                + errorString(code) + " (code " + code + "): " + NvmlReturn.advice(code));
    }

    private static String errorString(int code) {
        try {
            String text = NvmlNative.nvmlErrorString(code);
            return text == null || text.isBlank() ? "unknown error" : text.trim();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return "unknown error";
        }
    }
}
