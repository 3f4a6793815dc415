package dev.memlens.core.report.library;

import dev.memlens.core.report.CalculatorValues;
import dev.memlens.core.report.GpuTimeline;
import dev.memlens.core.report.MeasuredFigure;
import dev.memlens.core.report.MemoryBreakdown;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.report.PhaseMark;
import java.util.EnumMap;
import java.util.List;
import dev.memlens.core.report.ModelInfo;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunStatus;
import dev.memlens.core.sample.SampleReports;
import java.time.Instant;
import java.util.Map;

/** Runs for history tests: the bundled H200 sample under other names, dates, statuses and calculator values. */
public final class SavedRuns {
    public static final long GIB = 1L << 30;

    private SavedRuns() {
    }

    public static ProfileReport run(String model, String mode, Instant startedAt, RunStatus status, Long calculatedTotal) {
        ProfileReport s = SampleReports.bundledH200Run();
        CalculatorValues calc = calculatedTotal == null ? null : new CalculatorValues(Map.of(), calculatedTotal, "manual");
        return new ProfileReport(s.sourceShape(), status, status == RunStatus.COMPLETED ? null : "stopped: " + status.tag(),
                mode, startedAt, s.durationMillis(), new ModelInfo(model, s.model().numParameters(),
                s.model().numLayers(), s.model().numHeads(), s.model().numKvHeads(), s.model().headDim(),
                s.model().hiddenSize(), s.model().dtype(), s.model().quantization()), s.parameters(), s.latency(),
                s.measured(), s.gpus(), s.engine(), s.timeline(), s.phases(), calc, null, s.failures(), null);
    }

    /**
     * The same run with a KV cache {@code kvFactor} times as large and every phase {@code timeFactor} times as long:
     * what a second run with a larger batch looks like, so an overlay shows two distinct lines.
     */
    public static ProfileReport withLargerKv(ProfileReport r, double kvFactor, double timeFactor) {
        long kv = r.measured().componentBytes(MemoryComponent.KV_CACHE);
        long extra = Math.round(kv * (kvFactor - 1));
        long weights = r.measured().componentBytes(MemoryComponent.WEIGHTS);
        List<GpuTimeline> timeline = r.timeline().stream().map(t -> {
            long[] time = t.elapsedMillis();
            long[] used = t.usedBytes();
            for (int i = 0; i < used.length; i++) {
                time[i] = Math.round(time[i] * timeFactor);
                // the KV pool comes on top of the weights once they are loaded
                used[i] = used[i] > weights ? used[i] + extra : used[i];
            }
            return new GpuTimeline(t.gpuIndex(), t.uuid(), t.name(), time, used);
        }).toList();
        List<PhaseMark> phases = r.phases().stream()
                .map(p -> new PhaseMark(p.phase(), Math.round(p.startMillis() * timeFactor))).toList();
        EnumMap<MemoryComponent, MeasuredFigure> components = new EnumMap<>(r.measured().components());
        MeasuredFigure kvFigure = components.get(MemoryComponent.KV_CACHE);
        components.put(MemoryComponent.KV_CACHE, new MeasuredFigure(kv + extra, kvFigure.source(), kvFigure.note()));
        MeasuredFigure total = r.measured().total();
        MemoryBreakdown measured = new MemoryBreakdown(components,
                total == null ? null : new MeasuredFigure(total.bytes() + extra, total.source(), total.note()),
                r.measured().baselineBytes(), r.measured().details());
        return new ProfileReport(r.sourceShape(), r.status(), r.statusMessage(), r.mode(), r.startedAt(),
                r.durationMillis() == null ? null : Math.round(r.durationMillis() * timeFactor), r.model(), r.parameters(),
                r.latency(), measured, withoutPeaks(r),
                r.engine(), timeline, phases, r.calculator(), r.tolerancePct(), r.failures(), null);
    }

    /** The GPUs without their recorded peaks, so the summary takes the (changed) timeline's peak. */
    private static dev.memlens.core.report.GpuInfo withoutPeaks(ProfileReport r) {
        return new dev.memlens.core.report.GpuInfo(r.gpus().gpuType(), r.gpus().numGpus(), r.gpus().devices().stream()
                .map(d -> new dev.memlens.core.report.GpuDevice(d.index(), d.uuid(), d.name(), d.totalBytes(),
                        d.baselineUsedBytes(), null, null)).toList());
    }
}
