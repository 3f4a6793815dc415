package dev.memlens.core.run;

import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.gpu.GpuSamplerError;
import dev.memlens.core.report.BenchmarkParameters;
import dev.memlens.core.report.EngineMetadata;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.GpuDevice;
import dev.memlens.core.report.GpuInfo;
import dev.memlens.core.report.GpuTimeline;
import dev.memlens.core.report.MeasuredFigure;
import dev.memlens.core.report.MemoryBreakdown;
import dev.memlens.core.report.PhaseMark;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunFailure;
import dev.memlens.core.report.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the session's report from the samples, the workload's contribution and how the run ended. */
final class ReportAssembler {
    private final SessionSettings settings;
    private final Workload workload;
    private final Instant started;

    ReportAssembler(SessionSettings settings, Workload workload, Instant started) {
        this.settings = settings;
        this.workload = workload;
        this.started = started;
    }

    /** What is known before the run: written into the journal so a crash can be recovered. */
    ProfileReport skeleton() {
        return new ProfileReport(ProfileReport.SHAPE_MEMLENS, RunStatus.INTERRUPTED, null, workload.mode(), started,
                null, workload.model(), workload.parameters(), null, null, null, engine(null), List.of(), List.of(),
                settings.calculator(), null, List.of(), null);
    }

    ProfileReport assemble(RunStatus status, String message, List<GpuSample> baseline, List<GpuSample> finalSnapshot,
                           TimelineRecorder recorder, List<PhaseMark> phases, List<RunFailure> sessionFailures,
                           long durationMillis) {
        List<GpuTimeline> timelines = recorder.timelines();
        List<GpuDevice> devices = devices(baseline, finalSnapshot, timelines);
        List<Long> baselines = new ArrayList<>();
        List<Long> peaks = new ArrayList<>();
        for (GpuDevice d : devices) {
            baselines.add(d.baselineUsedBytes() == null ? 0L : d.baselineUsedBytes());
            peaks.add(d.peakUsedBytes() == null ? 0L : d.peakUsedBytes());
        }
        GpuFigures figures = devices.isEmpty() ? GpuFigures.none() : new GpuFigures(baselines, peaks);
        ReportParts parts = new ReportParts();
        workload.contribute(parts, figures);

        MemoryBreakdown breakdown = parts.breakdown();
        if (breakdown == null && figures.sampled()) {
            breakdown = new MemoryBreakdown(Map.of(), new MeasuredFigure(figures.totalIncrease(), FigureSource.GPU_SAMPLER,
                    "peak − baseline over the sampled GPUs"), baselines.stream().mapToLong(Long::longValue).sum(), Map.of());
        }
        List<RunFailure> failures = new ArrayList<>(sessionFailures);
        failures.addAll(parts.failures());
        GpuSamplerError samplerError = recorder.fatalError();
        if (samplerError != null) {
            failures.add(new RunFailure("gpu-sampler", samplerError.message(),
                    "The timeline ends where the sampler failed; check the GPU driver and the tool."));
        }
        if (status == RunStatus.FAILED && parts.failures().isEmpty()) {
            failures.add(new RunFailure("workload", message, "See the log for the details."));
        }
        return new ProfileReport(ProfileReport.SHAPE_MEMLENS, status, message, workload.mode(), started, durationMillis,
                parts.model() != null ? parts.model() : workload.model(),
                onHost(parts.parameters() != null ? parts.parameters() : workload.parameters()), parts.latency(), breakdown,
                new GpuInfo(gpuType(devices), devices.size(), devices), engine(parts.engine()), timelines, phases,
                settings.calculator(), null, failures, null);
    }

    /** The run's parameters, with "host" naming the SSH host when it did not run on this machine. */
    private BenchmarkParameters onHost(BenchmarkParameters parameters) {
        dev.memlens.core.process.Host host = settings.samplerOptions().host();
        if (host == dev.memlens.core.process.Host.local()) {
            return parameters;
        }
        Map<String, String> other = new java.util.TreeMap<>(parameters.other());
        other.put("host", host instanceof dev.memlens.core.ssh.SshHost ssh ? ssh.target().display()
                : host.description());
        return new BenchmarkParameters(parameters.inputLen(), parameters.outputLen(), parameters.batchSize(),
                parameters.dtype(), parameters.tensorParallelSize(), parameters.quantization(),
                parameters.kvCacheDtype(), parameters.numItersWarmup(), parameters.numIters(),
                parameters.maxModelLen(), parameters.gpuMemoryUtilization(), parameters.enforceEager(), other);
    }

    private EngineMetadata engine(EngineMetadata fromWorkload) {
        if (fromWorkload != null) {
            return fromWorkload;
        }
        return new EngineMetadata(workload.mode().equals("hf") ? "transformers" : "vllm", null, "memlens-" + workload.mode(),
                null, null);
    }

    /** One device per GPU seen in the baseline or the timeline, with baseline and peak used memory. */
    private static List<GpuDevice> devices(List<GpuSample> baseline, List<GpuSample> finalSnapshot,
                                           List<GpuTimeline> timelines) {
        Map<Integer, GpuDevice> byIndex = new LinkedHashMap<>();
        for (GpuSample s : baseline) {
            byIndex.put(s.index(), new GpuDevice(s.index(), s.uuid(), s.name(), s.totalBytes(), s.usedBytes(), s.usedBytes(), 0L));
        }
        for (GpuTimeline t : timelines) {
            if (t.size() == 0) {
                continue;
            }
            int p = t.peakIndex();
            GpuDevice known = byIndex.get(t.gpuIndex());
            long base = known != null ? known.baselineUsedBytes() : t.usedBytes(0);
            long peak = Math.max(t.usedBytes(p), known != null ? known.peakUsedBytes() : 0);
            Long total = known != null ? known.totalBytes() : null;
            byIndex.put(t.gpuIndex(), new GpuDevice(t.gpuIndex(), t.uuid(), t.name(), total, base, peak, t.elapsedMillis(p)));
        }
        // the final snapshot counts too: a run shorter than one sampling interval still has a peak
        for (GpuSample s : finalSnapshot) {
            GpuDevice known = byIndex.get(s.index());
            if (known == null) {
                byIndex.put(s.index(), new GpuDevice(s.index(), s.uuid(), s.name(), s.totalBytes(), null, s.usedBytes(), null));
            } else if (known.peakUsedBytes() == null || s.usedBytes() > known.peakUsedBytes()) {
                byIndex.put(s.index(), new GpuDevice(known.index(), known.uuid(), known.name(), known.totalBytes(),
                        known.baselineUsedBytes(), s.usedBytes(), null));
            }
        }
        return new ArrayList<>(byIndex.values());
    }

    private static String gpuType(List<GpuDevice> devices) {
        for (GpuDevice d : devices) {
            String name = d.name() == null ? "" : d.name().toUpperCase(Locale.ROOT);
            if (name.contains("NVIDIA") || (d.uuid() != null && d.uuid().startsWith("GPU-"))) {
                return "cuda";
            }
            if (name.contains("AMD") || name.contains("INSTINCT") || name.contains("RADEON")) {
                return "rocm";
            }
        }
        return devices.isEmpty() ? "unknown" : "cuda";
    }
}
