package dev.memlens.app.live;

import dev.memlens.core.report.VllmMetricsSeries;
import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.run.RunPhase;
import dev.memlens.core.run.SessionListener;
import dev.memlens.core.units.MemoryUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The live memory chart's state: a series per GPU, the total, KV-cache usage, phases, baseline and peak.
 *
 * <p>The session's sampler threads call the {@link SessionListener} methods; they only append to a pending batch
 * under a short lock ({@link LiveIngest}). The first event after a drain asks the UI executor for one drain, which applies everything
 * collected meanwhile: so there is at most one pending UI task, never one per sample. Everything else (properties,
 * series, {@link #reset}, the sink) belongs to the UI thread. The UI executor must run tasks one at a time, in order
 * ({@code Platform::runLater} in the app).
 */
public final class LiveRunViewModel implements SessionListener {
    public static final double DEFAULT_FOLLOW_WINDOW_SECONDS = 120;
    static final String TOTAL_KEY = "total";
    static final String KV_KEY = "kv";

    private final Executor uiExecutor;

    /** The sampler threads' side: the pending batch and the ticks. */
    private final LiveIngest ingest = new LiveIngest();

    // ---- UI side
    private final Object drainLock = new Object();
    private PendingBatch spare = new PendingBatch();
    private LiveSeriesSink sink = LiveSeriesSink.NONE;
    private final List<LiveSeries> gpuSeries = new ArrayList<>();
    private final LiveSeries totalSeries = new LiveSeries(TOTAL_KEY, "total", LiveSeries.Kind.TOTAL);
    private final LiveSeries kvSeries = new LiveSeries(KV_KEY, "KV cache", LiveSeries.Kind.KV_USAGE);
    private boolean totalAnnounced;
    private boolean kvAnnounced;
    private final LiveSeries runningSeries = new LiveSeries("running", "running requests", LiveSeries.Kind.REQUESTS);
    private final LiveSeries waitingSeries = new LiveSeries("waiting", "waiting requests", LiveSeries.Kind.REQUESTS);
    private final List<LiveSeries> requestSeriesAnnounced = new ArrayList<>();
    /** Each preemption seen: {seconds, count}; re-announced to a new sink. */
    private final List<double[]> preemptions = new ArrayList<>();

    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "");
    private final ReadOnlyObjectWrapper<RunPhase> currentPhase = new ReadOnlyObjectWrapper<>(this, "currentPhase");
    private final ObservableList<LivePhase> phases = FXCollections.observableArrayList();
    private final ObservableList<GpuReading> gpus = FXCollections.observableArrayList();
    // made once: a fresh unmodifiable wrapper per call would drop its listeners when collected
    private final ObservableList<LivePhase> phasesView = FXCollections.unmodifiableObservableList(phases);
    private final ObservableList<GpuReading> gpusView = FXCollections.unmodifiableObservableList(gpus);
    private final ReadOnlyLongWrapper baselineTotalBytes = new ReadOnlyLongWrapper(this, "baselineTotalBytes", -1);
    private final ReadOnlyLongWrapper latestTotalBytes = new ReadOnlyLongWrapper(this, "latestTotalBytes", -1);
    private final ReadOnlyLongWrapper peakTotalBytes = new ReadOnlyLongWrapper(this, "peakTotalBytes", -1);
    private final ReadOnlyDoubleWrapper kvUsageFraction = new ReadOnlyDoubleWrapper(this, "kvUsageFraction", Double.NaN);
    private final ReadOnlyObjectWrapper<Long> kvBytesInUse = new ReadOnlyObjectWrapper<>(this, "kvBytesInUse");
    private final ReadOnlyDoubleWrapper latestSeconds = new ReadOnlyDoubleWrapper(this, "latestSeconds", 0);
    private final ReadOnlyLongWrapper samplesReceived = new ReadOnlyLongWrapper(this, "samplesReceived", 0);
    private final ReadOnlyStringWrapper summaryText = new ReadOnlyStringWrapper(this, "summaryText", "");
    private final BooleanProperty followNewest = new SimpleBooleanProperty(this, "followNewest", true);
    private final DoubleProperty followWindowSeconds =
            new SimpleDoubleProperty(this, "followWindowSeconds", DEFAULT_FOLLOW_WINDOW_SECONDS);
    private final ObjectProperty<MemoryUnit> unit = new SimpleObjectProperty<>(this, "unit", MemoryUnit.GIB);
    /** The share of each GPU the engine may use (vLLM's gpu_memory_utilization) and its source; null: none. */
    private final ObjectProperty<dev.memlens.core.vllm.breakdown.EngineBudget> engineBudget =
            new SimpleObjectProperty<>(this, "engineBudget");

    /** @param uiExecutor runs the coalesced drains on the UI thread ({@code Platform::runLater} in the app) */
    public LiveRunViewModel(Executor uiExecutor) {
        this.uiExecutor = Objects.requireNonNull(uiExecutor, "uiExecutor");
        unit.addListener((o, a, u) -> updateSummary());
    }

    // ------------------------------------------------------------------ sampler threads

    @Override
    public void onSample(GpuSample sample, long elapsedMillis) {
        scheduleIf(ingest.sample(sample, elapsedMillis));
    }

    /** The session's budget events (the bench workload's parser of vLLM's log): the budget line follows them. */
    @Override
    public void onEngineBudget(dev.memlens.core.vllm.breakdown.EngineBudget budget) {
        uiExecutor.execute(() -> engineBudget.set(budget));
    }

    @Override
    public void onKvUsage(long elapsedMillis, double fraction, Long bytesInUse) {
        scheduleIf(ingest.kvUsage(elapsedMillis, fraction, bytesInUse));
    }

    @Override
    public void onVllmMetrics(VllmMetricsSeries.Point point) {
        scheduleIf(ingest.vllmMetrics(point));
    }

    @Override
    public void onPhase(RunPhase phase, long elapsedMillis) {
        scheduleIf(ingest.phase(phase, elapsedMillis));
    }

    private void scheduleIf(boolean drainNeeded) {
        if (drainNeeded) {
            uiExecutor.execute(this::drain);
        }
    }

    // ------------------------------------------------------------------ UI thread

    /** Applies what the samplers collected since the last drain. UI thread; also callable directly, e.g. by tests. */
    public void drain() {
        synchronized (drainLock) {
            PendingBatch batch = ingest.swap(spare);
            spare = batch;
            apply(batch);
            batch.clear();
        }
    }

    private void apply(PendingBatch batch) {
        if (batch.isEmpty()) {
            return;
        }
        for (GpuSample first : batch.newGpus) {
            GpuReading reading = new GpuReading(first.index(), first.name(), first.usedBytes(), first.usedBytes(),
                    first.usedBytes(), first.totalBytes());
            gpus.add(reading);
            LiveSeries series = new LiveSeries(first.gpuKey(), reading.label(), LiveSeries.Kind.GPU);
            gpuSeries.add(series);
            sink.seriesAdded(series);
        }
        double newest = latestSeconds.get();
        long received = 0;
        for (int slot = 0; slot < batch.gpuPoints.size() && slot < gpuSeries.size(); slot++) {
            PendingBatch.Points p = batch.gpuPoints.get(slot);
            if (p.count == 0) {
                continue;
            }
            received += p.count;
            LiveSeries series = gpuSeries.get(slot);
            int from = series.size();
            series.append(p.x, p.y, p.count);
            long peak = gpus.get(slot).peakBytes();
            for (int i = 0; i < p.count; i++) {
                peak = Math.max(peak, (long) p.y[i]);
            }
            GpuReading before = gpus.get(slot);
            gpus.set(slot, new GpuReading(before.index(), before.name(), before.baselineBytes(),
                    (long) p.y[p.count - 1], peak, p.memoryTotalBytes != null ? p.memoryTotalBytes : before.totalBytes()));
            newest = Math.max(newest, series.lastSeconds());
            sink.pointsAppended(series, from);
        }
        if (batch.total.count > 0) {
            if (!totalAnnounced) {
                totalAnnounced = true;
                sink.seriesAdded(totalSeries);
            }
            int from = totalSeries.size();
            totalSeries.append(batch.total.x, batch.total.y, batch.total.count);
            long peak = peakTotalBytes.get();
            for (int i = 0; i < batch.total.count; i++) {
                peak = Math.max(peak, (long) batch.total.y[i]);
            }
            newest = Math.max(newest, totalSeries.lastSeconds());
            latestTotalBytes.set((long) batch.total.y[batch.total.count - 1]);
            peakTotalBytes.set(peak);
            sink.pointsAppended(totalSeries, from);
        }
        if (!gpus.isEmpty()) {
            // the baseline is every GPU's first sample, so it is known as soon as each GPU reported once
            long baseline = 0;
            for (GpuReading g : gpus) {
                baseline += g.baselineBytes();
            }
            baselineTotalBytes.set(baseline);
            if (totalSeries.size() == 0) {
                long latest = 0;
                long peak = 0;
                for (GpuReading g : gpus) {
                    latest += g.latestBytes();
                    peak += g.peakBytes();
                }
                latestTotalBytes.set(latest);
                peakTotalBytes.set(Math.max(peakTotalBytes.get(), gpus.size() == 1 ? peak : latest));
            }
        }
        if (batch.kv.count > 0) {
            if (!kvAnnounced) {
                kvAnnounced = true;
                sink.seriesAdded(kvSeries);
            }
            int from = kvSeries.size();
            kvSeries.append(batch.kv.x, batch.kv.y, batch.kv.count);
            kvUsageFraction.set(batch.kv.y[batch.kv.count - 1]);
            if (batch.kvBytesGiven) {
                kvBytesInUse.set(batch.kvBytesInUse);
            }
            newest = Math.max(newest, kvSeries.lastSeconds());
            sink.pointsAppended(kvSeries, from);
        }
        newest = Math.max(newest, appendRequests(runningSeries, batch.running));
        newest = Math.max(newest, appendRequests(waitingSeries, batch.waiting));
        for (int i = 0; i < batch.preemptions.count; i++) {
            preemptions.add(new double[] {batch.preemptions.x[i], batch.preemptions.y[i]});
            sink.preemption(batch.preemptions.x[i], (long) batch.preemptions.y[i]);
        }
        for (LivePhase phase : batch.phases) {
            phases.add(phase);
            currentPhase.set(phase.phase());
            newest = Math.max(newest, phase.startSeconds());
        }
        latestSeconds.set(newest);
        samplesReceived.set(samplesReceived.get() + received);
        updateSummary();
    }

    /** Starts a new run: forgets every series, phase and figure. UI thread. */
    public void reset(String runTitle) {
        synchronized (drainLock) {
            ingest.reset();
            gpuSeries.clear();
            totalSeries.clear();
            kvSeries.clear();
            totalAnnounced = false;
            kvAnnounced = false;
            runningSeries.clear();
            waitingSeries.clear();
            requestSeriesAnnounced.clear();
            preemptions.clear();
            title.set(runTitle == null ? "" : runTitle);
            currentPhase.set(null);
            phases.clear();
            gpus.clear();
            baselineTotalBytes.set(-1);
            latestTotalBytes.set(-1);
            peakTotalBytes.set(-1);
            kvUsageFraction.set(Double.NaN);
            kvBytesInUse.set(null);
            latestSeconds.set(0);
            samplesReceived.set(0);
            updateSummary();
            sink.runReset(title.get());
        }
    }

    /** The view's adapter to its chart; the series already known are announced to it at once. UI thread. */
    public void setSink(LiveSeriesSink newSink) {
        sink = newSink == null ? LiveSeriesSink.NONE : newSink;
        sink.runReset(title.get());
        for (LiveSeries s : allSeries()) {
            sink.seriesAdded(s);
            sink.pointsAppended(s, 0);
        }
        preemptions.forEach(p -> sink.preemption(p[0], (long) p[1]));
    }

    /** Appends a batch's request counts to their series (announced at its first point); the newest time or 0. */
    private double appendRequests(LiveSeries series, PendingBatch.Points points) {
        if (points.count == 0) {
            return 0;
        }
        if (!requestSeriesAnnounced.contains(series)) {
            requestSeriesAnnounced.add(series);
            sink.seriesAdded(series);
        }
        int from = series.size();
        series.append(points.x, points.y, points.count);
        sink.pointsAppended(series, from);
        return series.lastSeconds();
    }

    /** The time range the chart should show now: the last {@link #followWindowSecondsProperty()} or the whole run. */
    public TimeRange visibleRange() {
        double end = Math.max(latestSeconds.get(), 1e-3);
        if (followNewest.get()) {
            double window = Math.max(1, followWindowSeconds.get());
            return new TimeRange(Math.max(0, end - window), Math.max(end, window));
        }
        return new TimeRange(0, roundUpForWholeRun(end));
    }

    /**
     * The whole-run range ends at the newest time rounded up to a tenth of its power of ten (300 -> 300, 3601 -> 3700,
     * 12.3 -> 13), so the axis grows in steps instead of at every sample, and the chart can keep its buckets between
     * steps.
     */
    static double roundUpForWholeRun(double seconds) {
        if (seconds <= 10) {
            return 10;
        }
        double step = Math.pow(10, Math.floor(Math.log10(seconds))) / 10;
        return Math.ceil(seconds / step - 1e-9) * step;
    }

    /** A time span in seconds since the run started. */
    public record TimeRange(double fromSeconds, double toSeconds) {
    }

    private void updateSummary() {
        if (peakTotalBytes.get() < 0) {
            summaryText.set("");
            return;
        }
        String text = "now " + format(latestTotalBytes.get()) + " · peak " + format(peakTotalBytes.get());
        if (!Double.isNaN(kvUsageFraction.get())) {
            text += String.format(Locale.ROOT, " · KV cache %.0f %%", kvUsageFraction.get() * 100);
        }
        summaryText.set(text);
    }

    public ObjectProperty<dev.memlens.core.vllm.breakdown.EngineBudget> engineBudgetProperty() {
        return engineBudget;
    }

    /** Each GPU's installed memory as reported, unknown ones left out. UI thread. */
    public List<Long> gpuTotalsBytes() {
        List<Long> totals = new ArrayList<>();
        for (GpuReading g : gpus) {
            if (g.totalBytes() != null) {
                totals.add(g.totalBytes());
            }
        }
        return totals;
    }

    /**
     * What the crosshair shows at a time: the time, each GPU's used memory then, the total and the phase; null
     * before the first sample or outside the samples. UI thread.
     */
    public String readoutAt(double seconds) {
        return LiveReadout.at(seconds, latestSeconds.get(), gpuSeries,
                totalAnnounced && gpuSeries.size() > 1 ? totalSeries : null, phases, this::format);
    }

    /** Bytes in the chosen unit, e.g. "38.21 GiB". */
    public String format(long bytes) {
        return String.format(Locale.ROOT, "%.2f %s", unit.get().fromBytes(bytes), unit.get().label());
    }

    // ------------------------------------------------------------------ reading

    /** Every series known so far: the GPUs in arrival order, then the total and the KV usage once they have points. */
    public List<LiveSeries> allSeries() {
        List<LiveSeries> all = new ArrayList<>(gpuSeries);
        if (totalAnnounced) {
            all.add(totalSeries);
        }
        if (kvAnnounced) {
            all.add(kvSeries);
        }
        all.addAll(requestSeriesAnnounced);
        return all;
    }

    public List<LiveSeries> gpuSeries() {
        return List.copyOf(gpuSeries);
    }

    public LiveSeries totalSeries() {
        return totalSeries;
    }

    public LiveSeries kvSeries() {
        return kvSeries;
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RunPhase> currentPhaseProperty() {
        return currentPhase.getReadOnlyProperty();
    }

    public ObservableList<LivePhase> phases() {
        return phasesView;
    }

    /** Per GPU, in arrival order: baseline, latest and peak. */
    public ObservableList<GpuReading> gpus() {
        return gpusView;
    }

    /** The sum of every GPU's first sample; -1 before any. */
    public ReadOnlyLongProperty baselineTotalBytesProperty() {
        return baselineTotalBytes.getReadOnlyProperty();
    }

    /** The newest total; -1 before any sample. */
    public ReadOnlyLongProperty latestTotalBytesProperty() {
        return latestTotalBytes.getReadOnlyProperty();
    }

    /** The highest total so far; -1 before any sample. */
    public ReadOnlyLongProperty peakTotalBytesProperty() {
        return peakTotalBytes.getReadOnlyProperty();
    }

    /** The newest KV-cache usage, 0..1; NaN before any. */
    public ReadOnlyDoubleProperty kvUsageFractionProperty() {
        return kvUsageFraction.getReadOnlyProperty();
    }

    /** KV-cache bytes in use, when vLLM's pool size is known; null otherwise. */
    public ReadOnlyObjectProperty<Long> kvBytesInUseProperty() {
        return kvBytesInUse.getReadOnlyProperty();
    }

    /** The newest event's time, seconds since the run started. */
    public ReadOnlyDoubleProperty latestSecondsProperty() {
        return latestSeconds.getReadOnlyProperty();
    }

    /** GPU samples applied so far in this run. */
    public ReadOnlyLongProperty samplesReceivedProperty() {
        return samplesReceived.getReadOnlyProperty();
    }

    /** "now 38.21 GiB · peak 40.02 GiB · KV cache 87 %". */
    public ReadOnlyStringProperty summaryTextProperty() {
        return summaryText.getReadOnlyProperty();
    }

    /** True: show the newest {@link #followWindowSecondsProperty()} seconds; false: the whole run. */
    public BooleanProperty followNewestProperty() {
        return followNewest;
    }

    public DoubleProperty followWindowSecondsProperty() {
        return followWindowSeconds;
    }

    public ObjectProperty<MemoryUnit> unitProperty() {
        return unit;
    }
}
