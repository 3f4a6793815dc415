package dev.memlens.core.gpu;

import dev.memlens.core.gpu.nvidia.NvidiaSmiSampler;
import dev.memlens.core.process.Host;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Opens the sampler {@link GpuSamplerOptions#source()} names, from the registry {@link GpuSources}. With
 * {@value GpuSources#AUTO} the auto-detected sources are tried in order; one that is there but fails is reported in
 * one line (a warning to the sink when sampling starts) and the next is tried.
 */
public final class GpuSamplers {
    private GpuSamplers() {
    }

    /**
     * @throws GpuToolNotFoundException when no source is available (auto), or the named one is not on this machine
     * @throws GpuSamplerException      when the named source is there but fails, or the interval is below its floor
     */
    public static GpuSampler detect(GpuSamplerOptions options) throws GpuSamplerException {
        if (options.host() != Host.local()) {
            return remote(options);
        }
        String id = options.source();
        if (!GpuSources.AUTO.equals(id)) {
            return openNamed(id, options);
        }
        List<String> fallbacks = new ArrayList<>();
        for (GpuSourceDescriptor source : GpuSources.all()) {
            if (!source.autoDetected()) {
                continue;
            }
            if (options.intervalMs() < source.minIntervalMs()) {
                fallbacks.add(source.id() + " skipped: it samples every " + source.minIntervalMs()
                        + " ms at the fastest, " + options.intervalMs() + " ms was asked");
                continue;
            }
            try {
                Optional<GpuSampler> sampler = source.opener().open(options);
                if (sampler.isPresent()) {
                    return fallbacks.isEmpty() ? sampler.get() : new WarnedGpuSampler(sampler.get(), fallbacks);
                }
            } catch (GpuSamplerException e) {
                fallbacks.add(e.getMessage() + " — trying the next GPU source");
            }
        }
        throw fallbacks.isEmpty() ? new GpuToolNotFoundException() : GpuToolNotFoundException.afterFailures(fallbacks);
    }

    private static GpuSampler openNamed(String id, GpuSamplerOptions options) throws GpuSamplerException {
        String invalid = GpuSources.validate(id, options.intervalMs());
        if (invalid != null) {
            throw new GpuSamplerException(GpuSamplerError.Kind.TOOL_FAILED, invalid);
        }
        GpuSourceDescriptor source = GpuSources.find(id).orElseThrow();
        return source.opener().open(options)
                .orElseThrow(() -> GpuToolNotFoundException.missing("GPU source " + id + " is not available on this"
                        + " machine (" + source.summary() + "): install it or use --source auto"));
    }

    /**
     * On another host (an SSH server): nvidia-smi found on that host's PATH, the GPUs chosen by --gpus only (this
     * machine's *_VISIBLE_DEVICES say nothing about that host's devices).
     */
    private static GpuSampler remote(GpuSamplerOptions options) throws GpuSamplerException {
        Optional<String> nvidiaSmi;
        try {
            nvidiaSmi = options.host().resolveExecutable("nvidia-smi", options.environment());
        } catch (java.io.IOException e) {
            throw GpuToolNotFoundException.missing(e.getMessage());
        }
        if (nvidiaSmi.isEmpty()) {
            throw GpuToolNotFoundException.missing("nvidia-smi is not on the PATH of " + options.host().description()
                    + " (non-interactive ssh sessions): install the NVIDIA driver there, or add its directory to PATH"
                    + " in the host's ~/.ssh/environment or shell rc");
        }
        return new NvidiaSmiSampler(Path.of(nvidiaSmi.get()), options, options.gpuIndices().isEmpty()
                ? GpuSelection.all() : GpuSelection.ofIndices(options.gpuIndices()));
    }

    /** A sampler for a known nvidia-smi, bypassing detection. */
    public static NvidiaSmiSampler nvidia(Path nvidiaSmi, GpuSamplerOptions options) {
        return GpuSources.nvidiaSmi(nvidiaSmi, options);
    }
}
