package dev.memlens.core.gpu.nvml;

import dev.memlens.core.gpu.GpuSampler;
import dev.memlens.core.gpu.GpuSamplerError;
import dev.memlens.core.gpu.GpuSamplerException;
import dev.memlens.core.gpu.GpuSamplerOptions;
import dev.memlens.core.gpu.GpuSelection;
import dev.memlens.core.gpu.GpuSourceDescriptor;
import dev.memlens.core.gpu.GpuSources;
import dev.memlens.core.gpu.GpuVendor;
import java.util.Optional;

/** The NVML source's registration: {@code --source nvml}, first in auto detection. */
public final class NvmlSource {
    public static final GpuSourceDescriptor DESCRIPTOR = new GpuSourceDescriptor("nvml",
            "NVIDIA NVML read in process (libnvidia-ml.so.1, or " + NvmlBinding.LIBRARY_VARIABLE + ")", true, 1,
            NvmlSource::open);

    private NvmlSource() {
    }

    /** Empty when no NVML library is installed and none is named; a failure of one that is there is thrown. */
    static Optional<GpuSampler> open(GpuSamplerOptions options) throws GpuSamplerException {
        GpuSelection selection = GpuSelection.resolve(GpuVendor.NVIDIA, options.gpuIndices(), options.environment());
        try {
            return Optional.of(NvmlGpuSampler.open(options, selection));
        } catch (NvmlBinding.LoadException e) {
            if (e.absent && GpuSources.AUTO.equals(options.source())) {
                return Optional.empty();
            }
            throw new GpuSamplerException(GpuSamplerError.Kind.NO_DRIVER, e.getMessage());
        }
    }
}
