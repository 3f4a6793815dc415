package dev.memlens.core.report.library;

import dev.memlens.core.report.AccountComponent;
import dev.memlens.core.report.AccountItem;
import dev.memlens.core.report.CalculatorValues;
import dev.memlens.core.report.GpuTimeline;
import dev.memlens.core.report.MemoryAccount;
import dev.memlens.core.report.PhaseMark;
import dev.memlens.core.report.RunMode;
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
        return s.toBuilder().status(status, status == RunStatus.COMPLETED ? null : "stopped: " + status.tag())
                .mode(RunMode.fromTag(mode)).startedAt(startedAt).model(new ModelInfo(model, s.model().numParameters(),
                s.model().numLayers(), s.model().numHeads(), s.model().numKvHeads(), s.model().headDim(),
                s.model().hiddenSize(), s.model().dtype(), s.model().quantization())).calculator(calc).build();
    }

    /**
     * The same run with a KV cache {@code kvFactor} times as large and every phase {@code timeFactor} times as long:
     * what a second run with a larger batch looks like, so an overlay shows two distinct lines.
     */
    public static ProfileReport withLargerKv(ProfileReport r, double kvFactor, double timeFactor) {
        long kv = r.account().bytes(AccountComponent.KV_CACHE);
        long extra = Math.round(kv * (kvFactor - 1));
        long weights = r.account().bytes(AccountComponent.WEIGHTS);
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
        MemoryAccount a = r.account();
        AccountItem kvItem = a.item(AccountComponent.KV_CACHE).orElseThrow();
        MemoryAccount measured = a.toBuilder().item(new AccountItem(AccountComponent.KV_CACHE, kv + extra, kvItem.kind(),
                        kvItem.source(), kvItem.note()))
                .total(a.totalBytes() == null ? null : a.totalBytes() + extra, a.totalSource(), a.totalNote())
                .peak(null).build();
        return r.toBuilder().durationMillis(r.durationMillis() == null ? null : Math.round(r.durationMillis() * timeFactor))
                .account(measured).gpus(withoutPeaks(r)).timeline(timeline).phases(phases).build();
    }

    /** The GPUs without their recorded peaks, so the summary takes the (changed) timeline's peak. */
    private static dev.memlens.core.report.GpuInfo withoutPeaks(ProfileReport r) {
        return new dev.memlens.core.report.GpuInfo(r.gpus().gpuType(), r.gpus().numGpus(), r.gpus().devices().stream()
                .map(d -> new dev.memlens.core.report.GpuDevice(d.index(), d.uuid(), d.name(), d.totalBytes(),
                        d.baselineUsedBytes(), null, null)).toList());
    }
}
