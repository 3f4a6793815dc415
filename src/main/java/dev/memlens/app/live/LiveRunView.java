package dev.memlens.app.live;

import dev.memlens.app.charts.CapacityLines;
import dev.memlens.app.charts.MemoryCharts;
import dev.memlens.app.charts.TimelineOverlay;
import dev.memlens.core.run.RunPhase;
import dev.memlens.core.units.MemoryUnit;
import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.AxisMode;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.plugins.XRangeIndicator;
import io.fair_acc.chartfx.plugins.XValueIndicator;
import io.fair_acc.chartfx.plugins.YValueIndicator;
import io.fair_acc.chartfx.plugins.Zoomer;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.chartfx.ui.geometry.Side;
import io.fair_acc.dataset.spi.DoubleDataSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.animation.AnimationTimer;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The live memory chart (ChartFX): a line per GPU, the total, KV-cache usage in percent on a right-hand axis, phase
 * bands as phases start, baseline and peak markers, zoom and pan along time, and a Follow / Whole run switch.
 *
 * <p>One chart lives as long as the view; a new run resets its datasets. The full-resolution points stay in the
 * ViewModel's {@link LiveSeries}; at most once per pulse, and only when something changed, each dataset is refilled
 * with the min/max of about one bucket per pixel of the visible time range ({@link MinMaxDecimator}), so a frame costs
 * one pass over the visible points and draws a few thousand, however long the run. With decimation off, the datasets
 * instead grow with every point and ChartFX's own point reduction thins them while drawing (kept for the benchmark's
 * comparison).
 */
public final class LiveRunView extends BorderPane {
    /** Room above the peak: its marker sits at 85 % of the height, under the two rows of phase labels. */
    private static final double HEAD_ROOM = 1.18;

    private final LiveRunViewModel vm;
    private final boolean decimate;
    private final DefaultNumericAxis xAxis = new DefaultNumericAxis("time", "s");
    private final DefaultNumericAxis yAxis = new DefaultNumericAxis("memory", "GiB");
    private final DefaultNumericAxis kvAxis = new DefaultNumericAxis("KV cache", "%");
    private final ErrorDataSetRenderer memoryRenderer = MemoryCharts.lineRenderer();
    private final ErrorDataSetRenderer kvRenderer = MemoryCharts.lineRenderer();
    private final DefaultNumericAxis requestsAxis = new DefaultNumericAxis("requests", null);
    private final ErrorDataSetRenderer requestsRenderer = MemoryCharts.lineRenderer();
    private final List<XValueIndicator> preemptionMarkers = new ArrayList<>();
    private final XYChart chart;
    private final TimelineOverlay overlay = new TimelineOverlay(xAxis, yAxis);
    private final Map<LiveSeries, DoubleDataSet> datasets = new LinkedHashMap<>();
    private final List<XRangeIndicator> phaseBands = new ArrayList<>();
    private final List<XRangeIndicator> pendingBands = new ArrayList<>();
    private YValueIndicator baselineMarker;
    private YValueIndicator peakMarker;
    private final Map<LiveSeries, MinMaxDecimator> decimators = new LinkedHashMap<>();
    private final ToggleButton followButton = new ToggleButton("Follow");
    private final ToggleButton wholeRunButton = new ToggleButton("Whole run");
    private final AnimationTimer pulse;
    private boolean dirty = true;
    private boolean settingRange;
    private boolean userZoomed;
    private boolean markersShown;
    private long refreshes;

    public LiveRunView(LiveRunViewModel vm) {
        this(vm, true);
    }

    /** @param decimate false keeps every point in the datasets (ChartFX point reduction only), for comparison */
    public LiveRunView(LiveRunViewModel vm, boolean decimate) {
        this.vm = vm;
        this.decimate = decimate;
        setId("liveRunView");
        getStyleClass().add("live-run-view");

        xAxis.setAutoRanging(false);
        xAxis.setAutoRangeRounding(false);
        yAxis.setAutoRanging(false);
        yAxis.setUnit(vm.unitProperty().get().label());
        kvAxis.setSide(Side.RIGHT);
        kvAxis.setAutoRanging(false);
        kvAxis.set(0, 100);
        kvAxis.setTickUnit(20);
        chart = new XYChart(xAxis, yAxis);
        chart.setId("liveChart");
        chart.setAnimated(false);
        chart.setLegendVisible(true);
        requestsAxis.setSide(Side.RIGHT);
        requestsAxis.setForceZeroInRange(true);
        for (ErrorDataSetRenderer r : List.of(memoryRenderer, kvRenderer, requestsRenderer)) {
            r.setAssumeSortedData(true);
        }
        kvRenderer.getAxes().add(kvAxis);
        requestsRenderer.getAxes().add(requestsAxis);
        chart.getRenderers().setAll(memoryRenderer, kvRenderer); // the requests renderer joins with its first series
        // time only: memory keeps its 0..peak scale so the peak marker stays in view
        Zoomer zoomer = new Zoomer(AxisMode.X);
        zoomer.setAnimated(false);
        chart.getPlugins().add(zoomer);
        overlay.setReadout(vm::readoutAt);
        chart.getPlugins().add(overlay);
        chart.getStyleClass().add(MemoryCharts.OVERLAID);

        setTop(toolbar());
        setCenter(chart);

        xAxis.minProperty().addListener((o, a, b) -> noticeUserRange());
        xAxis.maxProperty().addListener((o, a, b) -> noticeUserRange());
        vm.followNewestProperty().addListener((o, a, follow) -> {
            userZoomed = false;
            selectToggle(follow);
            dirty = true;
        });
        vm.followWindowSecondsProperty().addListener((o, a, b) -> dirty = true);
        vm.unitProperty().addListener((o, a, u) -> unitChanged(u));
        vm.engineBudgetProperty().addListener((o, a, b) -> dirty = true);
        vm.phases().addListener((ListChangeListener<LivePhase>) this::phasesChanged);
        vm.setSink(new ChartSink());
        pulse = new AnimationTimer() {
            @Override
            public void handle(long now) {
                refresh();
            }
        };
        sceneProperty().addListener((o, a, scene) -> {
            if (scene == null) {
                pulse.stop();
            } else {
                pulse.start();
            }
        });
    }

    private HBox toolbar() {
        Label title = new Label();
        title.setId("liveTitle");
        title.getStyleClass().add("live-title");
        title.textProperty().bind(vm.titleProperty());
        Label phase = new Label();
        phase.setId("livePhase");
        phase.textProperty().bind(vm.currentPhaseProperty().map(RunPhase::label).orElse("waiting for samples"));
        Label summary = new Label();
        summary.setId("liveSummary");
        summary.textProperty().bind(vm.summaryTextProperty());
        ToggleGroup group = new ToggleGroup();
        followButton.setId("followNewest");
        wholeRunButton.setId("wholeRun");
        followButton.setToggleGroup(group);
        wholeRunButton.setToggleGroup(group);
        selectToggle(vm.followNewestProperty().get());
        followButton.setOnAction(e -> chooseFollow(true));
        wholeRunButton.setOnAction(e -> chooseFollow(false));
        followButton.setTooltip(new javafx.scene.control.Tooltip("Show the newest samples (the last "
                + (int) vm.followWindowSecondsProperty().get() + " s)"));
        wholeRunButton.setTooltip(new javafx.scene.control.Tooltip("Show the run from its start"));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(12, title, phase, summary, spacer, followButton, wholeRunButton);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(2, 8, 2, 8));
        followButton.getStyleClass().add(atlantafx.base.theme.Styles.SMALL);
        wholeRunButton.getStyleClass().add(atlantafx.base.theme.Styles.SMALL);
        return bar;
    }

    private void chooseFollow(boolean follow) {
        userZoomed = false;
        dirty = true;
        vm.followNewestProperty().set(follow);
        selectToggle(follow); // a click on the selected button must not leave both unselected
    }

    private void selectToggle(boolean follow) {
        followButton.setSelected(follow);
        wholeRunButton.setSelected(!follow);
    }

    private void noticeUserRange() {
        if (!settingRange) {
            userZoomed = true;
            dirty = true;
        }
    }

    private void unitChanged(MemoryUnit unit) {
        yAxis.setUnit(unit.label());
        if (!decimate) {
            datasets.forEach((series, ds) -> fillRaw(series, ds, 0, true));
        }
        dirty = true;
    }

    private void phasesChanged(ListChangeListener.Change<? extends LivePhase> change) {
        while (change.next()) {
            if (change.wasRemoved() && change.getList().isEmpty()) {
                chart.getPlugins().removeAll(phaseBands);
                phaseBands.clear();
                pendingBands.clear();
            }
            for (LivePhase phase : change.getAddedSubList()) {
                if (!phaseBands.isEmpty()) {
                    phaseBands.get(phaseBands.size() - 1).setUpperBound(phase.startSeconds());
                }
                if (phase.phase() != RunPhase.DONE) {
                    XRangeIndicator band = band(phase.startSeconds(),
                            Math.max(phase.startSeconds(), vm.latestSecondsProperty().get()));
                    phaseBands.add(band);
                    pendingBands.add(band); // added to the chart once the time axis covers it (see refresh)
                }
            }
        }
        dirty = true;
    }

    /** A pale band without ChartFX's own label: the overlay draws the phase names (they never overlap there). */
    private XRangeIndicator band(double from, double to) {
        XRangeIndicator band = new XRangeIndicator(xAxis, from, to, "");
        band.setEditable(false);
        return band;
    }

    /** Brings the chart up to date; runs at most once per pulse, and only when something changed. */
    private void refresh() {
        if (!dirty) {
            return;
        }
        dirty = false;
        refreshes++;
        double from;
        double to;
        if (userZoomed) {
            from = xAxis.getMin();
            to = xAxis.getMax();
        } else {
            LiveRunViewModel.TimeRange range = vm.visibleRange();
            from = range.fromSeconds();
            to = range.toSeconds();
            settingRange = true;
            try {
                xAxis.set(from, to);
            } finally {
                settingRange = false;
            }
        }
        double perByte = vm.unitProperty().get().fromBytes(1L << 30) / (1L << 30);
        int buckets = Math.max(200, (int) Math.ceil(xAxis.getWidth() > 0 ? xAxis.getWidth() : 1000));
        int gpuCount = 0;
        for (LiveSeries s : datasets.keySet()) {
            gpuCount += s.kind() == LiveSeries.Kind.GPU ? 1 : 0;
        }
        for (Map.Entry<LiveSeries, DoubleDataSet> e : datasets.entrySet()) {
            LiveSeries series = e.getKey();
            DoubleDataSet ds = e.getValue();
            if (series.kind() == LiveSeries.Kind.TOTAL) {
                showTotal(ds, gpuCount > 1);
            }
            if (decimate) {
                double scale = series.kind() == LiveSeries.Kind.KV_USAGE ? 100
                        : series.kind() == LiveSeries.Kind.REQUESTS ? 1 : perByte;
                MinMaxDecimator decimator = decimators.computeIfAbsent(series, k -> new MinMaxDecimator());
                int n = decimator.decimate(series, from, to, buckets, scale);
                ds.set(decimator.x(), decimator.y(), n, true);
            }
        }
        long top = 0;
        for (GpuReading g : vm.gpus()) {
            top = Math.max(top, g.peakBytes());
        }
        if (gpuCount > 1) {
            top = Math.max(top, vm.peakTotalBytesProperty().get());
        }
        java.util.List<Long> capacities = vm.gpuTotalsBytes();
        for (long capacity : capacities) {
            top = Math.max(top, capacity); // the capacity line stays in view: how close the run came to it
        }
        if (gpuCount > 1 && capacities.size() > 1) {
            top = Math.max(top, capacities.stream().mapToLong(Long::longValue).sum()); // the total curve's line
        }
        double topInUnit = top * perByte;
        yAxis.set(0, topInUnit > 0 ? topInUnit * HEAD_ROOM : 1);
        updateMarkers(perByte);
        overlay.setLevels(CapacityLines.levels(capacities, vm.engineBudgetProperty().get(), vm.unitProperty().get()));
        overlay.setPhases(overlayPhases());
        if (!phaseBands.isEmpty()) {
            XRangeIndicator open = phaseBands.get(phaseBands.size() - 1);
            boolean ended = vm.phases().get(vm.phases().size() - 1).phase() == RunPhase.DONE;
            if (!ended) {
                open.setUpperBound(Math.max(open.getLowerBound(), vm.latestSecondsProperty().get()));
            }
        }
        // ChartFX places a band's label against the axis range it meets when added: add bands only after the
        // range is set, or their labels stay hidden
        if (!pendingBands.isEmpty()) {
            chart.getPlugins().addAll(pendingBands);
            pendingBands.clear();
        }
    }

    /** The phases as bands: each until the next starts, the open one until the newest sample. */
    private java.util.List<TimelineOverlay.Phase> overlayPhases() {
        java.util.List<TimelineOverlay.Phase> out = new ArrayList<>();
        var list = vm.phases();
        for (int i = 0; i < list.size(); i++) {
            LivePhase p = list.get(i);
            if (p.phase() == RunPhase.DONE) {
                continue;
            }
            double end = i + 1 < list.size() ? list.get(i + 1).startSeconds() : vm.latestSecondsProperty().get();
            out.add(new TimelineOverlay.Phase(p.phase().label(), p.startSeconds(), Math.max(p.startSeconds(), end)));
        }
        return out;
    }

    /** The crosshair, phase labels and level lines drawn over the chart. */
    public TimelineOverlay overlay() {
        return overlay;
    }

    private void showTotal(DoubleDataSet total, boolean show) {
        boolean shown = memoryRenderer.getDatasets().contains(total);
        if (show && !shown) {
            // the renderer paints the first dataset last: the total goes on top
            memoryRenderer.getDatasets().add(0, total);
        } else if (!show && shown) {
            memoryRenderer.getDatasets().remove(total);
        }
    }

    private void updateMarkers(double perByte) {
        long baseline = vm.baselineTotalBytesProperty().get();
        long peak = vm.peakTotalBytesProperty().get();
        boolean show = baseline >= 0 && peak >= 0;
        if (!show) {
            removeMarkers();
            return;
        }
        String which = vm.gpus().size() > 1 ? "total " : "";
        String baselineText = which + "baseline " + vm.format(baseline);
        String peakText = which + "peak " + vm.format(peak);
        // ChartFX 11.3.1 keeps showing an indicator's first text (its label is laid out outside the layout pass):
        // a marker whose text changes is replaced, which happens only while the figure moves by 0.01 of the unit
        if (!markersShown || !baselineText.equals(baselineMarker.getText())) {
            baselineMarker = replaceMarker(baselineMarker, baseline * perByte, baselineText);
        }
        if (!markersShown || !peakText.equals(peakMarker.getText())) {
            peakMarker = replaceMarker(peakMarker, peak * perByte, peakText);
            // under its line: above it are the phase labels' rows
            peakMarker.setLabelVerticalAnchor(javafx.geometry.VPos.TOP);
        }
        markersShown = true;
        baselineMarker.setValue(baseline * perByte);
        peakMarker.setValue(peak * perByte);
    }

    private YValueIndicator replaceMarker(YValueIndicator old, double value, String text) {
        if (markersShown && old != null) {
            chart.getPlugins().remove(old);
        }
        YValueIndicator m = marker(value, text);
        chart.getPlugins().add(m);
        return m;
    }

    private YValueIndicator marker(double value, String text) {
        YValueIndicator m = new YValueIndicator(yAxis, value, text);
        m.setEditable(false);
        m.setLabelPosition(0.005);
        m.setLabelHorizontalAnchor(javafx.geometry.HPos.LEFT);
        m.setLabelVerticalAnchor(javafx.geometry.VPos.BOTTOM); // above its line, clear of the time axis
        return m;
    }

    private void removeMarkers() {
        if (markersShown) {
            chart.getPlugins().removeAll(baselineMarker, peakMarker);
            markersShown = false;
        }
    }

    /** The requests axis only while a series is on it: a bench run has none, and an empty axis reads as a figure. */
    private void showRequestsAxis(boolean show) {
        if (show && !chart.getRenderers().contains(requestsRenderer)) {
            chart.getRenderers().add(requestsRenderer);
        } else if (!show) {
            chart.getRenderers().remove(requestsRenderer);
            chart.getAxes().remove(requestsAxis);
        }
    }

    /** The axis of the running and waiting requests (for tests). */
    DefaultNumericAxis requestsAxis() {
        return requestsAxis;
    }

    private void fillRaw(LiveSeries series, DoubleDataSet ds, int fromIndex, boolean replace) {
        double scale = series.kind() == LiveSeries.Kind.KV_USAGE ? 100 : series.kind() == LiveSeries.Kind.REQUESTS ? 1
                : vm.unitProperty().get().fromBytes(1L << 30) / (1L << 30);
        int n = series.size() - fromIndex;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = series.seconds(fromIndex + i);
            y[i] = series.value(fromIndex + i) * scale;
        }
        if (replace) {
            ds.set(x, y, n, false);
        } else {
            ds.add(x, y);
        }
    }

    /** Receives the ViewModel's batches (FX thread). */
    private final class ChartSink implements LiveSeriesSink {
        @Override
        public void runReset(String title) {
            memoryRenderer.getDatasets().clear();
            kvRenderer.getDatasets().clear();
            requestsRenderer.getDatasets().clear();
            showRequestsAxis(false);
            chart.getPlugins().removeAll(preemptionMarkers);
            preemptionMarkers.clear();
            datasets.clear();
            decimators.clear();
            chart.getPlugins().removeAll(phaseBands);
            phaseBands.clear();
            pendingBands.clear();
            removeMarkers();
            userZoomed = false;
            dirty = true;
        }

        @Override
        public void seriesAdded(LiveSeries series) {
            DoubleDataSet ds = new DoubleDataSet(series.label(), 1024);
            datasets.put(series, ds);
            switch (series.kind()) {
                case GPU -> memoryRenderer.getDatasets().add(ds);
                case TOTAL -> {
                    // shown once a second GPU appears (refresh)
                }
                case KV_USAGE -> {
                    ds.setName("KV cache [%]");
                    kvRenderer.getDatasets().add(ds);
                }
                case REQUESTS -> {
                    requestsRenderer.getDatasets().add(ds);
                    showRequestsAxis(true);
                }
            }
            dirty = true;
        }

        @Override
        public void preemption(double seconds, long count) {
            XValueIndicator marker = new XValueIndicator(xAxis, seconds, "preempted " + count);
            marker.setEditable(false);
            preemptionMarkers.add(marker);
            chart.getPlugins().add(marker);
        }

        @Override
        public void pointsAppended(LiveSeries series, int fromIndex) {
            if (!decimate) {
                DoubleDataSet ds = datasets.get(series);
                if (ds != null) {
                    fillRaw(series, ds, fromIndex, false);
                }
            }
            dirty = true;
        }
    }

    // ------------------------------------------------------------------ for tests and the benchmark

    public XYChart chart() {
        return chart;
    }

    /** The dataset drawn for a series, or null. */
    public DoubleDataSet datasetFor(LiveSeries series) {
        return datasets.get(series);
    }

    /** The points the datasets hold now (what ChartFX must process per frame). */
    public int pointsInDatasets() {
        int n = 0;
        for (DoubleDataSet ds : datasets.values()) {
            n += ds.getDataCount();
        }
        return n;
    }

    /** One marker per preemption vLLM reported, in time order. */
    public List<XValueIndicator> preemptionMarkers() {
        return List.copyOf(preemptionMarkers);
    }

    public List<XRangeIndicator> phaseBands() {
        return List.copyOf(phaseBands);
    }

    /** The baseline marker, or null before the first sample. */
    public YValueIndicator baselineMarker() {
        return baselineMarker;
    }

    /** The peak marker, or null before the first sample. */
    public YValueIndicator peakMarker() {
        return peakMarker;
    }

    public boolean markersShown() {
        return markersShown;
    }

    /** How many times the datasets were brought up to date (at most once per pulse). */
    public long refreshes() {
        return refreshes;
    }

    /** Whether the user zoomed or panned, which pauses following until Follow or Whole run is chosen. */
    public boolean userZoomed() {
        return userZoomed;
    }

    /** True once the decimated datasets have been brought up to date since the last change. */
    public boolean upToDate() {
        return !dirty;
    }

    public boolean decimates() {
        return decimate;
    }
}
