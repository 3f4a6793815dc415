package dev.memlens.core.gpu;

import dev.memlens.core.gpu.amd.AmdToolSource;
import dev.memlens.core.gpu.amd.SysfsAmdSource;
import dev.memlens.core.gpu.nvidia.NvidiaSmiSampler;
import dev.memlens.core.gpu.nvml.NvmlSource;
import dev.memlens.core.gpu.prometheus.PrometheusSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one registry of GPU sources. {@code --source auto} tries the auto-detected ones in registration order: NVML in
 * process, then nvidia-smi, amd-smi, rocm-smi (searched on the PATH of {@link GpuSamplerOptions#environment()}, or
 * on an SSH host's own PATH) and AMD's sysfs counters. On another host only the sources that run their tool through
 * the host ({@link GpuSourceDescriptor#throughHost()}) are tried. Prometheus is registered too but only used when
 * named ({@code --source prometheus}, which {@code --prometheus URL} implies): it needs the server's address.
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
            new GpuSourceDescriptor("nvidia-smi", "NVIDIA nvidia-smi, one long-lived process", true, 10, true,
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

    /**
     * "auto" and the ids of the sources that need no address (the auto-detected ones): what a settings form without
     * a server field can offer.
     */
    public static List<String> idsWithoutAddress() {
        List<String> ids = new ArrayList<>();
        ids.add(AUTO);
        REGISTERED.stream().filter(GpuSourceDescriptor::autoDetected).forEach(d -> ids.add(d.id()));
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

    /**
     * Null when {@code id} can go with a run on another host (an SSH server): auto, a source that runs its tool
     * through the host, or one that reads a server of its own address (Prometheus); else, for the sources that read
     * this machine (NVML, sysfs), the one-line complaint naming those that can.
     */
    public static String validateOnOtherHost(String id) {
        if (AUTO.equals(id) || find(id).map(d -> d.throughHost() || !d.autoDetected()).orElse(true)) {
            return null;
        }
        return "GPU source " + id + " does not run its tool on an SSH host (" + find(id).orElseThrow().summary()
                + "): use --source " + String.join(", ", REGISTERED.stream().filter(GpuSourceDescriptor::throughHost)
                .map(GpuSourceDescriptor::id).toList()) + " or auto with --host";
    }

    private static GpuSourceDescriptor amdTool(AmdToolSource.Tool tool) {
        return new GpuSourceDescriptor(tool.program(), "AMD " + tool.program() + ", polled", true, 10, true,
                options -> locate(tool.program(), options)
                        .map(executable -> new PollingGpuSampler(tool.program() + " (" + executable + onHost(options)
                                + ")", new AmdToolSource(tool, options.host(), executable, options.environment(),
                                options.toolTimeout()), options, amdSelection(options))));
    }

    private static Optional<GpuSampler> openNvidiaSmi(GpuSamplerOptions options) throws GpuSamplerException {
        return locate("nvidia-smi", options).map(path -> new NvidiaSmiSampler(Path.of(path), options,
                selection(GpuVendor.NVIDIA, options)));
    }

    /**
     * The tool on the PATH of the host the options name (this machine: the options' PATH; an SSH host: its own).
     *
     * @throws GpuToolNotFoundException when the host cannot be asked (an SSH connection that fails): the cause, for
     *                                  the user; detection stops there, as no other source can reach that host either
     */
    private static Optional<String> locate(String program, GpuSamplerOptions options) throws GpuSamplerException {
        try {
            return options.host().resolveExecutable(program, options.environment());
        } catch (IOException e) {
            throw GpuToolNotFoundException.missing(e.getMessage());
        }
    }

    private static String onHost(GpuSamplerOptions options) {
        return options.host().isThisMachine() ? "" : " on " + options.host().description();
    }

    private static Optional<GpuSampler> openSysfs(GpuSamplerOptions options) {
        if (SysfsAmdSource.cards(options.sysfsDrmRoot()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PollingGpuSampler("amdgpu sysfs (" + options.sysfsDrmRoot() + ")",
                new SysfsAmdSource(options.sysfsDrmRoot()), options, amdSelection(options)));
    }

    static NvidiaSmiSampler nvidiaSmi(Path nvidiaSmi, GpuSamplerOptions options) {
        return new NvidiaSmiSampler(nvidiaSmi, options, selection(GpuVendor.NVIDIA, options));
    }

    private static GpuSelection amdSelection(GpuSamplerOptions options) {
        return selection(GpuVendor.AMD, options);
    }

    /**
     * --gpus, else on this machine the vendor's *_VISIBLE_DEVICES; on another host --gpus only (this machine's
     * variables say nothing about that host's devices).
     */
    private static GpuSelection selection(GpuVendor vendor, GpuSamplerOptions options) {
        return options.host().isThisMachine()
                ? GpuSelection.resolve(vendor, options.gpuIndices(), options.environment())
                : GpuSelection.ofIndices(options.gpuIndices());
    }
}
