package dev.memlens.app.results;

import dev.memlens.app.charts.MemoryCharts;
import dev.memlens.app.charts.TimelineOverlay;
import dev.memlens.app.charts.TimelineReadout;
import dev.memlens.core.report.GpuTimeline;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.TimelinePlot;
import dev.memlens.core.report.VllmMetricsSeries;
import dev.memlens.core.units.MemoryUnit;
import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.plugins.ChartPlugin;
import io.fair_acc.chartfx.plugins.XRangeIndicator;
import io.fair_acc.chartfx.plugins.XValueIndicator;
import io.fair_acc.chartfx.plugins.YValueIndicator;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.dataset.spi.DoubleDataSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import io.fair_acc.chartfx.ui.geometry.Side;
import javafx.beans.value.ObservableValue;
import javafx.scene.layout.StackPane;

/**
 * The memory timeline (ChartFX): one series per GPU, the total line when there are several, phase bands, and
 * baseline and peak markers. One chart is kept and its datasets replaced, as ChartFX recommends.
 */
final class TimelineChartView extends StackPane {
    private final XYChart chart;
    private final DefaultNumericAxis xAxis = new DefaultNumericAxis("time", "s");
    private final DefaultNumericAxis yAxis = new DefaultNumericAxis("used memory", "GiB");
    private final ErrorDataSetRenderer renderer = MemoryCharts.lineRenderer();
    // vLLM's /metrics of an api run: KV usage on a % axis, running/waiting requests on a count axis
    private final DefaultNumericAxis kvAxis = new DefaultNumericAxis("KV cache", "%");
    private final DefaultNumericAxis requestsAxis = new DefaultNumericAxis("requests", null);
    private final ErrorDataSetRenderer kvRenderer = MemoryCharts.lineRenderer();
    private final ErrorDataSetRenderer requestsRenderer = MemoryCharts.lineRenderer();
    private final List<ChartPlugin> markers = new ArrayList<>();
    private final dev.memlens.app.charts.TimelineOverlay overlay = new dev.memlens.app.charts.TimelineOverlay(xAxis, yAxis);
    private ProfileReport shown;
    private MemoryUnit shownUnit = MemoryUnit.GIB;
    /** Instead of an empty 0–150 chart: a report without samples says so. */
    private final javafx.scene.control.Label placeholder = new javafx.scene.control.Label();

    TimelineChartView(ObservableValue<ProfileReport> report, ObservableValue<MemoryUnit> unit) {
        setId("timelineChart");
        yAxis.setAutoRangeRounding(true);
        chart = MemoryCharts.timelineChart(xAxis, yAxis, "Memory over time", renderer);
        placeholder.setId("timelinePlaceholder");
        placeholder.getStyleClass().add("timeline-placeholder");
        placeholder.setWrapText(true);
        getChildren().addAll(chart, placeholder);
        chart.getStyleClass().add(MemoryCharts.OVERLAID);
        kvAxis.setSide(Side.RIGHT);
        kvAxis.setAutoRanging(false);
        kvAxis.set(0, 100);
        kvAxis.setTickUnit(20);
        requestsAxis.setSide(Side.RIGHT);
        requestsAxis.setForceZeroInRange(true);
        kvRenderer.getAxes().add(kvAxis);
        requestsRenderer.getAxes().add(requestsAxis);
        // one set of renderers for good (ChartFX fails on renderers swapped out); the axes show only for api runs
        chart.getRenderers().addAll(kvRenderer, requestsRenderer);
        showVllmAxes(false);
        chart.getPlugins().add(overlay);
        overlay.setReadout(this::readoutAt);
        report.addListener((o, a, r) -> show(r, unit.getValue()));
        unit.addListener((o, a, u) -> show(report.getValue(), u));
        show(report.getValue(), unit.getValue());
    }

    XYChart chart() {
        return chart;
    }

    /** Time, each GPU's used memory and the phase at a time of the shown report; null outside it. */
    private String readoutAt(double seconds) {
        return shown == null ? null : TimelineReadout.at(seconds, shownUnit, List.of(new TimelineReadout.Run("", shown)));
    }

    TimelineOverlay overlay() {
        return overlay;
    }

    private void show(ProfileReport r, MemoryUnit unit) {
        shown = r;
        shownUnit = unit;
        overlay.setPhases(List.of());
        overlay.setLevels(List.of());
        chart.getPlugins().removeAll(markers);
        markers.clear();
        renderer.getDatasets().clear();
        kvRenderer.getDatasets().clear();
        requestsRenderer.getDatasets().clear();
        yAxis.setUnit(unit.label());
        boolean sampled = r != null && r.timeline().stream().anyMatch(t -> t.size() > 0);
        chart.setVisible(sampled);
        placeholder.setVisible(!sampled);
        placeholder.setText(r == null ? "No report open" : "No memory timeline in this report");
        if (!sampled) {
            return;
        }
        double top = 0;
        for (TimelinePlot.Line line : TimelinePlot.lines(r, unit)) {
            renderer.getDatasets().add(new DoubleDataSet(line.name()).set(line.seconds(), line.values()));
            top = Math.max(top, line.max());
        }
        List<Long> capacities = r.gpus().devices().stream().map(d -> d.totalBytes())
                .filter(java.util.Objects::nonNull).toList();
        for (long capacity : capacities) {
            top = Math.max(top, unit.fromBytes(capacity));
        }
        if (r.timeline().size() > 1 && capacities.size() > 1) {
            top = Math.max(top, unit.fromBytes(capacities.stream().mapToLong(Long::longValue).sum()));
        }
        // the report's budget as its one owner reads it: the parameters' share, else what vLLM's log requested
        overlay.setLevels(dev.memlens.app.charts.CapacityLines.levels(capacities,
                dev.memlens.core.vllm.breakdown.EngineBudget.of(r).orElse(null), unit));
        // a fixed range with head room, so the peak and its marker are never clipped
        yAxis.setAutoRanging(false);
        yAxis.set(0, top <= 0 ? 1 : top * 1.12);
        double end = TimelinePlot.endSeconds(r);
        // a fixed time range before the bands go in: their labels are placed against the axis as it is then
        xAxis.setAutoRanging(false);
        xAxis.set(0, end <= 0 ? 1 : end);
        List<TimelineOverlay.Phase> phases = new ArrayList<>();
        for (TimelinePlot.Band b : TimelinePlot.bands(r)) {
            XRangeIndicator band = new XRangeIndicator(xAxis, b.fromSeconds(), b.toSeconds(), b.name());
            band.setEditable(false);
            markers.add(band);
            phases.add(new TimelineOverlay.Phase(b.name(), b.fromSeconds(), b.toSeconds()));
        }
        overlay.setPhases(phases);
        GpuTimeline first = r.timeline().get(0);
        if (first.size() > 0) {
            double baseline = unit.fromBytes(first.usedBytes(0));
            double peak = unit.fromBytes(first.usedBytes(first.peakIndex()));
            markers.add(marker(baseline, String.format(Locale.ROOT, "baseline %.2f %s", baseline, unit.label())));
            markers.add(marker(peak, String.format(Locale.ROOT, "peak %.2f %s", peak, unit.label())));
        }
        showVllmMetrics(r.vllmMetrics());
        chart.getPlugins().addAll(markers);
    }

    /** KV usage, running and waiting requests on their own right-hand axes; a marker at each preemption. */
    private void showVllmMetrics(VllmMetricsSeries series) {
        showVllmAxes(series != null);
        if (series == null) {
            return;
        }
        List<VllmMetricsSeries.Point> points = series.points();
        kvRenderer.getDatasets().add(dataset("KV cache [%]", points, p -> p.kvUsageFraction() == null ? null
                : p.kvUsageFraction() * 100));
        requestsRenderer.getDatasets().addAll(dataset("running requests", points, VllmMetricsSeries.Point::runningRequests),
                dataset("waiting requests", points, VllmMetricsSeries.Point::waitingRequests));
        for (VllmMetricsSeries.Preemption p : series.preemptionEvents()) {
            XValueIndicator marker = new XValueIndicator(xAxis, p.atMillis() / 1000.0, "preempted " + p.count());
            marker.setEditable(false);
            markers.add(marker);
        }
    }

    private void showVllmAxes(boolean shown) {
        for (DefaultNumericAxis axis : List.of(kvAxis, requestsAxis)) {
            axis.setVisible(shown);
            axis.setManaged(shown);
        }
    }

    private static DoubleDataSet dataset(String name, List<VllmMetricsSeries.Point> points,
                                         Function<VllmMetricsSeries.Point, Double> value) {
        DoubleDataSet ds = new DoubleDataSet(name);
        for (VllmMetricsSeries.Point p : points) {
            Double v = value.apply(p);
            if (v != null && Double.isFinite(v)) {
                ds.add(p.atMillis() / 1000.0, v);
            }
        }
        return ds;
    }

    private YValueIndicator marker(double value, String text) {
        YValueIndicator m = new YValueIndicator(yAxis, value, text);
        m.setEditable(false);
        m.setLabelPosition(0.12);
        return m;
    }
}
