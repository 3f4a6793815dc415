package dev.memlens.core.gpu;

/** No nvidia-smi, amd-smi, rocm-smi or AMD sysfs memory counters were found. */
public final class GpuToolNotFoundException extends GpuSamplerException {
    public static final String MESSAGE = "no GPU tool found: install the NVIDIA driver's nvidia-smi or ROCm's amd-smi";

    public GpuToolNotFoundException() {
        super(GpuSamplerError.Kind.NO_DRIVER, MESSAGE);
    }

    /** With a message naming where nothing was found (another host). */
    public GpuToolNotFoundException(String message) {
        super(GpuSamplerError.Kind.NO_DRIVER, message);
    }
}
