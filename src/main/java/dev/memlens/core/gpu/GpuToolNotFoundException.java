package dev.memlens.core.gpu;

/** No GPU source is available: no NVML, nvidia-smi, amd-smi, rocm-smi or AMD sysfs memory counters. */
public final class GpuToolNotFoundException extends GpuSamplerException {
    public static final String MESSAGE = "no GPU tool found: install the NVIDIA driver's nvidia-smi or ROCm's amd-smi";

    public GpuToolNotFoundException() {
        super(GpuSamplerError.Kind.NO_DRIVER, MESSAGE);
    }

    private GpuToolNotFoundException(String message) {
        super(GpuSamplerError.Kind.NO_DRIVER, message);
    }

    /** Auto detection found no usable source; {@code reasons} says why the ones that were there failed. */
    public static GpuToolNotFoundException afterFailures(java.util.List<String> reasons) {
        return new GpuToolNotFoundException(MESSAGE + " (" + String.join("; ", reasons) + ")");
    }

    /** The source the user named is not on this machine. */
    public static GpuToolNotFoundException missing(String message) {
        return new GpuToolNotFoundException(message);
    }
}
