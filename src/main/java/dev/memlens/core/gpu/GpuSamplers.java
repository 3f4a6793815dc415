package dev.memlens.core.gpu;

import dev.memlens.core.gpu.amd.AmdToolSource;
import dev.memlens.core.gpu.amd.SysfsAmdSource;
import dev.memlens.core.gpu.nvidia.NvidiaSmiSampler;
import dev.memlens.core.process.ExecutableLocator;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Picks the sampler for this machine: nvidia-smi, then amd-smi, then rocm-smi (all searched on the PATH of
 * {@link GpuSamplerOptions#environment()}), then AMD's sysfs counters.
 */
public final class GpuSamplers {
    private GpuSamplers() {
    }

    public static GpuSampler detect(GpuSamplerOptions options) throws GpuToolNotFoundException {
        Optional<Path> nvidiaSmi = ExecutableLocator.locate("nvidia-smi", options.environment().get("PATH"), null);
        if (nvidiaSmi.isPresent()) {
            return nvidia(nvidiaSmi.get(), options);
        }
        for (AmdToolSource.Tool tool : AmdToolSource.Tool.values()) {
            Optional<Path> executable = ExecutableLocator.locate(tool.program(), options.environment().get("PATH"), null);
            if (executable.isPresent()) {
                return new PollingGpuSampler(tool.program() + " (" + executable.get() + ")",
                        new AmdToolSource(tool, executable.get(), options.environment(), options.toolTimeout()),
                        options, amdSelection(options));
            }
        }
        if (!SysfsAmdSource.cards(options.sysfsDrmRoot()).isEmpty()) {
            return new PollingGpuSampler("amdgpu sysfs (" + options.sysfsDrmRoot() + ")",
                    new SysfsAmdSource(options.sysfsDrmRoot()), options, amdSelection(options));
        }
        throw new GpuToolNotFoundException();
    }

    /** A sampler for a known nvidia-smi, bypassing detection. */
    public static NvidiaSmiSampler nvidia(Path nvidiaSmi, GpuSamplerOptions options) {
        return new NvidiaSmiSampler(nvidiaSmi, options,
                GpuSelection.resolve(GpuVendor.NVIDIA, options.gpuIndices(), options.environment()));
    }

    private static GpuSelection amdSelection(GpuSamplerOptions options) {
        return GpuSelection.resolve(GpuVendor.AMD, options.gpuIndices(), options.environment());
    }
}
