package dev.memlens.core.gpu;

import dev.memlens.core.gpu.amd.AmdToolSource;
import dev.memlens.core.gpu.amd.SysfsAmdSource;
import dev.memlens.core.gpu.nvidia.NvidiaSmiSampler;
import dev.memlens.core.gpu.nvml.NvmlSource;
import dev.memlens.core.gpu.prometheus.PrometheusSource;
import dev.memlens.core.process.ExecutableLocator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one registry of GPU sources. {@code --source auto} tries the auto-detected ones in registration order: NVML in
 * process, then nvidia-smi, amd-smi, rocm-smi (searched on the PATH of {@link GpuSamplerOptions#environment()}) and
 * AMD's sysfs counters. Prometheus is registered too but only used when named ({@code --source prometheus}, which
 * {@code --prometheus URL} implies): it needs the server's address.
 *
 * <p>To add a source, write a {@link GpuSourceDescriptor} and add it to {@code BUILT_IN} below (or call
 * {@link #register} at start-up, e.g. for an optional module; close the registration to take it out again). Its id becomes valid for {@code --source} on every
 * command and in the app's settings; nothing else needs to change. A source that needs an address (a Prometheus URL,
 * an SSH host) registers with {@code autoDetected = false} and reads that address from its options.
 */
public final class GpuSources {
    public static final String AUTO = "auto";

    private static final List<GpuSourceDescriptor> BUILT_IN = List.of(
            NvmlSource.DESCRIPTOR,
            new GpuSourceDescriptor("nvidia-smi", "NVIDIA nvidia-smi, one long-lived process", true, 10,
                    GpuSources::openNvidiaSmi),
            amdTool(AmdToolSource.Tool.AMD_SMI),
            amdTool(AmdToolSource.Tool.ROCM_SMI),
            new GpuSourceDescriptor("sysfs", "AMD amdgpu sysfs counters", true, 10, GpuSources::openSysfs),
            PrometheusSource.DESCRIPTOR);

    private static final List<GpuSourceDescriptor> REGISTERED = new CopyOnWriteArrayList<>(BUILT_IN);

    private GpuSources() {
    }

    /** A registration; closing it removes the source again (tests, modules that go away). */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** Adds a source after the ones registered before it; its id must be new. */
    public static synchronized Registration register(GpuSourceDescriptor descriptor) {
        if (find(descriptor.id()).isPresent()) {
            throw new IllegalArgumentException("a GPU source '" + descriptor.id() + "' is already registered");
        }
        REGISTERED.add(descriptor);
        return () -> REGISTERED.remove(descriptor);
    }

    public static List<GpuSourceDescriptor> all() {
        return List.copyOf(REGISTERED);
    }

    /** "auto" and every registered id, in order: what {@code --source} accepts. */
    public static List<String> ids() {
        List<String> ids = new ArrayList<>();
        ids.add(AUTO);
        REGISTERED.forEach(d -> ids.add(d.id()));
        return ids;
    }

    public static Optional<GpuSourceDescriptor> find(String id) {
        return REGISTERED.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** Null when {@code id} names a source, else the one-line complaint naming the valid ones. */
    public static String validate(String id) {
        if (AUTO.equals(id) || find(id).isPresent()) {
            return null;
        }
        return "unknown GPU source '" + id + "': use one of " + String.join(", ", ids());
    }

    /**
     * Null when {@code id} names a source that can sample every {@code intervalMs}, else the one-line complaint
     * (auto accepts any interval: the sources too slow for it are skipped).
     */
    public static String validate(String id, long intervalMs) {
        String unknown = validate(id);
        if (unknown != null || AUTO.equals(id)) {
            return unknown;
        }
        long floor = find(id).orElseThrow().minIntervalMs();
        return intervalMs >= floor ? null : "GPU source " + id + " samples every " + floor + " ms at the fastest, "
                + intervalMs + " ms was asked: raise --interval-ms or use --source nvml";
    }

    private static GpuSourceDescriptor amdTool(AmdToolSource.Tool tool) {
        return new GpuSourceDescriptor(tool.program(), "AMD " + tool.program() + ", polled", true, 10,
                options -> ExecutableLocator.locate(tool.program(), options.environment().get("PATH"), null)
                        .map(executable -> new PollingGpuSampler(tool.program() + " (" + executable + ")",
                                new AmdToolSource(tool, executable, options.environment(), options.toolTimeout()),
                                options, amdSelection(options))));
    }

    private static Optional<GpuSampler> openNvidiaSmi(GpuSamplerOptions options) {
        return ExecutableLocator.locate("nvidia-smi", options.environment().get("PATH"), null).map(path -> nvidiaSmi(path, options));
    }

    private static Optional<GpuSampler> openSysfs(GpuSamplerOptions options) {
        if (SysfsAmdSource.cards(options.sysfsDrmRoot()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PollingGpuSampler("amdgpu sysfs (" + options.sysfsDrmRoot() + ")",
                new SysfsAmdSource(options.sysfsDrmRoot()), options, amdSelection(options)));
    }

    static NvidiaSmiSampler nvidiaSmi(Path nvidiaSmi, GpuSamplerOptions options) {
        return new NvidiaSmiSampler(nvidiaSmi, options,
                GpuSelection.resolve(GpuVendor.NVIDIA, options.gpuIndices(), options.environment()));
    }

    private static GpuSelection amdSelection(GpuSamplerOptions options) {
        return GpuSelection.resolve(GpuVendor.AMD, options.gpuIndices(), options.environment());
    }
}
