package dev.memlens.core.gpu;

import dev.memlens.core.gpu.nvidia.NvidiaSmiSampler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Opens the sampler {@link GpuSamplerOptions#source()} names, from the registry {@link GpuSources}. With
 * {@value GpuSources#AUTO} the auto-detected sources are tried in order; one that is there but fails is reported in
 * one line (a warning to the sink when sampling starts) and the next is tried. On another host (an SSH server) only
 * the sources that run their tool through it are tried, so detection, GPU selection and the baseline happen there.
 */
public final class GpuSamplers {
    private GpuSamplers() {
    }

    /**
     * @throws GpuToolNotFoundException when no source is available (auto), or the named one is not on this machine
     * @throws GpuSamplerException      when the named source is there but fails, or the interval is below its floor
     */
    public static GpuSampler detect(GpuSamplerOptions options) throws GpuSamplerException {
        String id = options.source();
        if (!GpuSources.AUTO.equals(id)) {
            return openNamed(id, options);
        }
        boolean thisMachine = options.host().isThisMachine();
        List<String> fallbacks = new ArrayList<>();
        for (GpuSourceDescriptor source : GpuSources.all()) {
            if (!source.autoDetected() || !(thisMachine || source.throughHost())) {
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
            } catch (GpuToolNotFoundException e) {
                throw e; // the host cannot be asked at all: no other source would get further
            } catch (GpuSamplerException e) {
                fallbacks.add(e.getMessage() + " — trying the next GPU source");
            }
        }
        if (!thisMachine) {
            throw GpuToolNotFoundException.missing("no GPU tool (nvidia-smi, amd-smi, rocm-smi) is on the PATH of "
                    + options.host().description() + " (non-interactive ssh sessions): install the NVIDIA driver or "
                    + "ROCm there, or add the tool's directory to PATH in the host's ~/.ssh/environment or shell rc"
                    + (fallbacks.isEmpty() ? "" : " (" + String.join("; ", fallbacks) + ")"));
        }
        throw fallbacks.isEmpty() ? new GpuToolNotFoundException() : GpuToolNotFoundException.afterFailures(fallbacks);
    }

    private static GpuSampler openNamed(String id, GpuSamplerOptions options) throws GpuSamplerException {
        String invalid = GpuSources.validate(id, options.intervalMs());
        if (invalid != null) {
            throw new GpuSamplerException(GpuSamplerError.Kind.TOOL_FAILED, invalid);
        }
        GpuSourceDescriptor source = GpuSources.find(id).orElseThrow();
        String notOnHost = options.host().isThisMachine() ? null : GpuSources.validateOnOtherHost(id);
        if (notOnHost != null) {
            throw new GpuSamplerException(GpuSamplerError.Kind.TOOL_FAILED, notOnHost);
        }
        return source.opener().open(options)
                .orElseThrow(() -> GpuToolNotFoundException.missing("GPU source " + id + " is not available on "
                        + (options.host().isThisMachine() ? "this machine" : options.host().description()
                        + " (not on the PATH of its non-interactive ssh sessions)") + " (" + source.summary()
                        + "): install it" + (options.host().isThisMachine() ? "" : " there") + " or use --source auto"));
    }

    /** A sampler for a known nvidia-smi, bypassing detection. */
    public static NvidiaSmiSampler nvidia(Path nvidiaSmi, GpuSamplerOptions options) {
        return GpuSources.nvidiaSmi(nvidiaSmi, options);
    }
}
