package dev.memlens.core.gpu;

import java.util.Objects;
import java.util.Optional;

/**
 * One way of reading GPU memory, registered in {@link GpuSources} under an id the user types ({@code --source}).
 *
 * @param id            what {@code --source} takes: "nvml", "nvidia-smi", ...
 * @param summary       a few words for help texts and settings: "NVIDIA NVML in process"
 * @param autoDetected  whether {@code --source auto} tries it (in registration order); a source that needs an
 *                      address (a Prometheus URL, an SSH host) says false and is only used when named
 * @param minIntervalMs the shortest sampling interval it can keep
 * @param throughHost   whether it runs its tool through {@link GpuSamplerOptions#host()} (detection, GPU selection
 *                      and the baseline then happen on that host, an SSH server too); false for sources that read
 *                      this machine in process (NVML, sysfs files)
 * @param opener        creates the sampler
 */
public record GpuSourceDescriptor(String id, String summary, boolean autoDetected, long minIntervalMs,
                                  boolean throughHost, Opener opener) {

    /** Creates a sampler for this source. */
    @FunctionalInterface
    public interface Opener {
        /**
         * @return the sampler, or empty when this machine has no such source at all (no tool on PATH, no library):
         *         auto detection then moves on without a word
         * @throws GpuSamplerException when the source is there but fails (driver mismatch, permissions): one line
         *                             for the user; auto detection reports it and moves on
         */
        Optional<GpuSampler> open(GpuSamplerOptions options) throws GpuSamplerException;
    }

    /** A source that reads this machine only. */
    public GpuSourceDescriptor(String id, String summary, boolean autoDetected, long minIntervalMs, Opener opener) {
        this(id, summary, autoDetected, minIntervalMs, false, opener);
    }

    public GpuSourceDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(opener, "opener");
        if (!id.matches("[a-z0-9][a-z0-9-]*") || id.equals(GpuSources.AUTO)) {
            throw new IllegalArgumentException("a GPU source id is lower-case letters, digits and '-', not '" + id
                    + "'");
        }
        if (minIntervalMs < GpuSamplerOptions.MIN_INTERVAL_MS) {
            throw new IllegalArgumentException("minIntervalMs of " + id + " is below "
                    + GpuSamplerOptions.MIN_INTERVAL_MS);
        }
    }
}
