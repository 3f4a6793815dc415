package dev.memlens.core.prometheus;

import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.gpu.trace.TraceSummary;
import dev.memlens.core.report.EngineMetadata;
import dev.memlens.core.report.GpuDevice;
import dev.memlens.core.report.GpuInfo;
import dev.memlens.core.report.GpuTimeline;
import dev.memlens.core.report.GpuType;
import dev.memlens.core.report.MemoryAccount;
import dev.memlens.core.report.ModelInfo;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunMode;
import dev.memlens.core.report.RunPeak;
import dev.memlens.core.report.RunStatus;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A time range of a Prometheus server's GPU memory series as a run: each GPU's raw samples become its timeline (on
 * the clock of the range's first sample), its first sample the baseline, and the account what the GPU sampler
 * measured (the summed peak above that baseline), so Results shows it and History overlays it with local runs.
 */
public final class PrometheusRangeReport {
    /** The profiling method the report names; the sampler tool says which server and exporter. */
    public static final String METHOD = "Prometheus range query (raw samples)";

    private PrometheusRangeReport() {
    }

    /**
     * @param match the user's label matchers (null: none), kept in the report so the range can be read again
     */
    public static ProfileReport of(PrometheusGpuTrace read, URI server, String match) {
        List<GpuSample> samples = read.trace().samples();
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("a Prometheus range without samples is not a run");
        }
        long origin = samples.stream().mapToLong(GpuSample::timestampMillis).min().orElseThrow();
        long last = samples.stream().mapToLong(GpuSample::timestampMillis).max().orElseThrow();
        Map<String, List<GpuSample>> byGpu = new LinkedHashMap<>();
        for (GpuSample s : samples) {
            byGpu.computeIfAbsent(s.gpuKey(), k -> new ArrayList<>()).add(s);
        }
        List<GpuTimeline> timelines = new ArrayList<>();
        for (List<GpuSample> gpu : byGpu.values()) {
            long[] at = new long[gpu.size()];
            long[] used = new long[gpu.size()];
            for (int i = 0; i < gpu.size(); i++) {
                at[i] = gpu.get(i).timestampMillis() - origin;
                used[i] = gpu.get(i).usedBytes();
            }
            GpuSample first = gpu.get(0);
            timelines.add(new GpuTimeline(first.index(), first.uuid(), first.name(), at, used));
        }
        List<GpuDevice> devices = new ArrayList<>();
        for (TraceSummary.Gpu g : TraceSummary.of(read.trace()).gpus()) {
            devices.add(new GpuDevice(g.index(), g.uuid(), g.name(), g.totalBytes(), g.baselineUsedBytes(),
                    g.peakUsedBytes(), g.peakMillis() - origin));
        }
        RunPeak peak = RunPeak.of(timelines, devices);
        MemoryAccount account = MemoryAccount.samplerOnly(peak, "peak of the summed used memory − each GPU's first"
                + " sample in the range, from the raw samples Prometheus stored");
        TreeSet<String> exporters = new TreeSet<>(read.exporters().values());
        String tool = "prometheus " + server + (exporters.isEmpty() ? "" : " (" + String.join(", ", exporters) + ")")
                + (match == null || match.isBlank() ? "" : " " + match.strip());
        return ProfileReport.builder()
                .mode(RunMode.PROMETHEUS)
                .status(RunStatus.COMPLETED, null)
                .startedAt(Instant.ofEpochMilli(origin))
                .durationMillis(last - origin)
                .model(ModelInfo.named("GPU memory from Prometheus" + where(read)))
                .gpus(new GpuInfo(gpuType(devices), devices.size(), devices))
                .engine(new EngineMetadata(null, null, METHOD, null, tool))
                .timeline(timelines)
                .account(account)
                .build();
    }

    /** " on gpu-node-1" (or several hosts) from the kept hostname/instance labels; "" when none. */
    private static String where(PrometheusGpuTrace read) {
        TreeSet<String> hosts = new TreeSet<>();
        for (Map<String, String> labels : read.placement().values()) {
            String host = labels.getOrDefault("hostname", labels.get("instance"));
            if (host != null && !host.isBlank()) {
                hosts.add(host);
            }
        }
        return hosts.isEmpty() ? "" : " on " + String.join(", ", hosts);
    }

    private static GpuType gpuType(List<GpuDevice> devices) {
        boolean nvidia = !devices.isEmpty() && devices.stream()
                .allMatch(d -> d.name() != null && d.name().toUpperCase(java.util.Locale.ROOT).contains("NVIDIA"));
        return nvidia ? GpuType.CUDA : GpuType.UNKNOWN;
    }
}
