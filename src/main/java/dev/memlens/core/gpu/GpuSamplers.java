package dev.memlens.core.gpu;

import dev.memlens.core.gpu.amd.AmdToolSource;
import dev.memlens.core.gpu.amd.SysfsAmdSource;
import dev.memlens.core.gpu.nvidia.NvidiaSmiSampler;
import dev.memlens.core.process.ExecutableLocator;
import dev.memlens.core.process.Host;
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
        if (options.host() != Host.local()) {
            return remote(options);
        }
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

    /**
     * On another host (an SSH server): nvidia-smi found on that host's PATH, the GPUs chosen by --gpus only (this
     * machine's *_VISIBLE_DEVICES say nothing about that host's devices).
     */
    private static GpuSampler remote(GpuSamplerOptions options) throws GpuToolNotFoundException {
        Optional<String> nvidiaSmi;
        try {
            nvidiaSmi = options.host().resolveExecutable("nvidia-smi", options.environment());
        } catch (java.io.IOException e) {
            throw new GpuToolNotFoundException(e.getMessage());
        }
        if (nvidiaSmi.isEmpty()) {
            throw new GpuToolNotFoundException("nvidia-smi is not on the PATH of " + options.host().description()
                    + " (non-interactive ssh sessions): install the NVIDIA driver there, or add its directory to PATH"
                    + " in the host's ~/.ssh/environment or shell rc");
        }
        return new NvidiaSmiSampler(Path.of(nvidiaSmi.get()), options, options.gpuIndices().isEmpty()
                ? GpuSelection.all() : GpuSelection.ofIndices(options.gpuIndices()));
    }

    private static GpuSelection amdSelection(GpuSamplerOptions options) {
        return GpuSelection.resolve(GpuVendor.AMD, options.gpuIndices(), options.environment());
    }
}
