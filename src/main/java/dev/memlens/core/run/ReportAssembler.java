package dev.memlens.core.run;

import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.gpu.SamplingHealth;
import dev.memlens.core.compare.BuiltInEstimate;
import dev.memlens.core.report.BenchmarkParameters;
import dev.memlens.core.report.CalculatorValues;
import dev.memlens.core.report.EngineMetadata;
import dev.memlens.core.report.FailureKind;
import dev.memlens.core.report.GpuType;
import dev.memlens.core.report.GpuDevice;
import dev.memlens.core.report.GpuInfo;
import dev.memlens.core.report.GpuTimeline;
import dev.memlens.core.report.MemoryAccount;
import dev.memlens.core.report.PhaseMark;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunFailure;
import dev.memlens.core.report.RunMode;
import dev.memlens.core.report.RunPeak;
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
        return ProfileReport.builder().status(RunStatus.INTERRUPTED, null).mode(mode()).startedAt(started)
                .model(workload.model()).parameters(workload.parameters()).engine(engine(null))
                .calculator(settings.calculator()).build();
    }

    ProfileReport assemble(RunStatus status, String message, List<GpuSample> baseline, List<GpuSample> finalSnapshot,
                           TimelineRecorder recorder, List<PhaseMark> phases, List<RunFailure> sessionFailures,
                           long durationMillis, String samplerTool) {
        List<GpuTimeline> timelines = recorder.timelines();
        List<GpuDevice> devices = devices(baseline, finalSnapshot, timelines);
        List<Long> baselines = new ArrayList<>();
        List<Long> peaks = new ArrayList<>();
        for (GpuDevice d : devices) {
            baselines.add(d.baselineUsedBytes() == null ? 0L : d.baselineUsedBytes());
            peaks.add(d.peakUsedBytes() == null ? 0L : d.peakUsedBytes());
        }
        RunPeak runPeak = RunPeak.of(timelines, devices);
        GpuFigures figures = devices.isEmpty() || runPeak.peakBytes() == null ? GpuFigures.none()
                : new GpuFigures(devices.stream().map(GpuDevice::index).toList(),
                        devices.stream().map(GpuDevice::uuid).collect(java.util.stream.Collectors.toList()), baselines,
                        peaks, runPeak.peakBytes(), usedAt(runPeak.atMillis(), devices, timelines),
                        onSampledGpus(recorder.processesAt(runPeak.atMillis()), devices));
        ReportParts parts = new ReportParts();
        workload.contribute(parts, figures);

        MemoryAccount account = parts.account();
        if (account == null && figures.sampled()) {
            account = MemoryAccount.samplerOnly(runPeak, "peak of the summed used memory − baseline over the sampled GPUs");
        } else if (account != null && account.peakBytes() == null && figures.sampled()) {
            account = account.toBuilder().peak(runPeak.peakBytes()).baseline(runPeak.baselineBytes()).build();
        }
        List<RunFailure> failures = new ArrayList<>(sessionFailures);
        failures.addAll(parts.failures());
        SamplingHealth sampling = recorder.samplingHealth();
        sampling.fatalError().ifPresent(error -> failures.add(new RunFailure(FailureKind.GPU_SAMPLER,
                error.message(), "The timeline ends where the sampler failed; check the GPU driver and the tool.")));
        if (status == RunStatus.COMPLETED && sampling.failed()) {
            // a peak from a timeline that stopped early is not a measurement: the run did not complete
            status = RunStatus.FAILED;
            message = "GPU sampling failed during the run: " + sampling.fatalError().orElseThrow().message();
        } else if (status == RunStatus.FAILED && parts.failures().isEmpty()) {
            failures.add(new RunFailure(FailureKind.WORKLOAD, message, "See the log for the details."));
        }
        return ProfileReport.builder().status(status, message).mode(mode()).startedAt(started)
                .durationMillis(durationMillis).model(parts.model() != null ? parts.model() : workload.model())
                .parameters(onHost(parts.parameters() != null ? parts.parameters() : workload.parameters()))
                .latency(parts.latency()).account(account).apiStats(parts.apiStats())
                .vllmMetrics(parts.vllmMetrics()).engineShare(parts.engineShare())
                .gpus(new GpuInfo(gpuType(devices), devices.size(), devices))
                .engine(withSamplerTool(engine(parts.engine()), samplerTool))
                .timeline(timelines).phases(phases).calculator(calculator(devices)).failures(failures)
                .sampling(sampling).processes(recorder.processes(runPeak.atMillis())).build();
    }

    /**
     * Each device's used memory at the run's peak moment: its latest sample at or before it (its first when it starts
     * later), as the simultaneous sum counts it; its own peak when the moment is unknown or it has no timeline.
     */
    static List<Long> usedAt(Long atMillis, List<GpuDevice> devices, List<GpuTimeline> timelines) {
        List<Long> out = new ArrayList<>();
        for (GpuDevice d : devices) {
            GpuTimeline t = timelines.stream().filter(x -> x.gpuIndex() == d.index() && x.size() > 0).findFirst()
                    .orElse(null);
            if (atMillis == null || t == null) {
                out.add(d.peakUsedBytes() == null ? 0L : d.peakUsedBytes());
                continue;
            }
            int at = 0;
            for (int i = 0; i < t.size() && t.elapsedMillis(i) <= atMillis; i++) {
                at = i;
            }
            out.add(t.usedBytes(at));
        }
        return out;
    }

    /** The processes on the run's GPUs (those the sampler could not place on a GPU count as on them). */
    private static List<dev.memlens.core.gpu.GpuProcessSample> onSampledGpus(
            List<dev.memlens.core.gpu.GpuProcessSample> processes, List<GpuDevice> devices) {
        java.util.Set<Integer> indexes = new java.util.HashSet<>();
        devices.forEach(d -> indexes.add(d.index()));
        return processes.stream().filter(p -> p.gpuIndex() == null || indexes.contains(p.gpuIndex())).toList();
    }

    /** The given calculator values, else the built-in estimate for the run (with its formulas), else none. */
    private CalculatorValues calculator(List<GpuDevice> devices) {
        if (settings.calculator() != null) {
            return settings.calculator();
        }
        Long gpuTotal = devices.isEmpty() ? null : devices.get(0).totalBytes();
        return workload.estimateInput(settings.environment())
                .flatMap(in -> BuiltInEstimate.of(in.spec(), in.request().withGpuTotalBytes(gpuTotal))).orElse(null);
    }

    private RunMode mode() {
        return RunMode.fromTag(workload.mode());
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

    /** The GPU source the session sampled with ("NVML (libnvidia-ml.so.1, driver ...)"), unless the workload set one. */
    private static EngineMetadata withSamplerTool(EngineMetadata engine, String samplerTool) {
        if (samplerTool == null || engine.samplerTool() != null) {
            return engine;
        }
        return new EngineMetadata(engine.engineType(), engine.engineVersion(), engine.profilingMethod(),
                engine.profilerVersion(), samplerTool);
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

    private static GpuType gpuType(List<GpuDevice> devices) {
        for (GpuDevice d : devices) {
            String name = d.name() == null ? "" : d.name().toUpperCase(Locale.ROOT);
            if (name.contains("NVIDIA") || (d.uuid() != null && d.uuid().startsWith("GPU-"))) {
                return GpuType.CUDA;
            }
            if (name.contains("AMD") || name.contains("INSTINCT") || name.contains("RADEON")) {
                return GpuType.ROCM;
            }
        }
        return devices.isEmpty() ? GpuType.UNKNOWN : GpuType.CUDA;
    }
}
