package dev.memlens.app.history;

import dev.memlens.app.charts.MemoryCharts;
import dev.memlens.app.charts.TimelineOverlay;
import dev.memlens.app.charts.TimelineReadout;
import dev.memlens.app.results.AccountBars;
import dev.memlens.core.report.AccountComponent;
import dev.memlens.core.report.CalculatorValues;
import dev.memlens.core.report.GpuTimeline;
import dev.memlens.core.report.HumanNames;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.units.MemoryUnit;
import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.dataset.spi.DoubleDataSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * Two runs over each other: both timelines on one ChartFX chart (a series per run and GPU, each its own colour and
 * named after its run) with the GPU capacity line, each run's engine budget line where it has one and a crosshair
 * readout (time, each run's used memory and phase) drawn by the Results timeline's {@link TimelineOverlay}; and both
 * breakdowns side by side as stacked bars, measured and calculated for each run, the measured memory no item
 * accounts for hatched and named "Unattributed" as in Results.
 */
final class RunOverlayView extends BorderPane {
    /** How the overlay names its two runs (the title and the legend say "A · model date"). */
    private static final String[] SHORT_NAMES = {"A", "B"};
    /** The key of the unattributed rest among a measured bar's parts (the others are components' ordinals). */
    private static final int UNATTRIBUTED = -1;
    private final HistoryViewModel vm;
    private final DefaultNumericAxis xAxis = new DefaultNumericAxis("time", "s");
    private final DefaultNumericAxis yAxis = new DefaultNumericAxis("used memory", MemoryUnit.GIB.label());
    private final ErrorDataSetRenderer renderer = MemoryCharts.lineRenderer();
    private final XYChart chart;
    private final StackedBarChart<String, Number> bars = new StackedBarChart<>(new CategoryAxis(), new NumberAxis());
    private final Label title = new Label();
    private final TimelineOverlay overlay = new TimelineOverlay(xAxis, yAxis);
    private RunOverlay shown;

    RunOverlayView(HistoryViewModel vm) {
        this.vm = vm;
        setId("runOverlay");
        yAxis.setAutoRangePadding(0.08); // head room: the peak is never drawn on the frame
        chart = MemoryCharts.timelineChart(xAxis, yAxis, "Memory over time", renderer);
        chart.setId("overlayTimeline");
        chart.getStyleClass().add(MemoryCharts.OVERLAID);
        chart.getPlugins().add(overlay);
        overlay.setReadout(this::readoutAt);
        bars.setId("overlayBreakdown");
        bars.setAnimated(false);
        bars.setTitle("Breakdown");
        bars.setLegendVisible(true);

        bars.setPrefWidth(420);
        bars.setMinWidth(340);

        Button close = new Button("Close");
        close.setId("overlayClose");
        close.setOnAction(e -> vm.closeOverlay());
        title.getStyleClass().add("text-bold");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox top = new HBox(8, title, grow, close);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(6, 10, 0, 10));
        setTop(top);
        setCenter(chart);
        setRight(bars);
        vm.overlayProperty().addListener((o, a, b) -> show(b));
        vm.unitProperty().addListener((o, a, u) -> show(vm.overlayProperty().get()));
        show(vm.overlayProperty().get());
    }

    private MemoryUnit unit() {
        return vm.unitProperty().get();
    }

    private void show(RunOverlay o) {
        shown = o;
        yAxis.setUnit(unit().label());
        bars.getYAxis().setLabel(unit().label());
        renderer.getDatasets().clear();
        bars.getData().clear();
        overlay.setLevels(List.of());
        if (o == null) {
            title.setText("");
            yAxis.setAutoRanging(true);
            return;
        }
        title.setText(o.firstName() + "  vs  " + o.secondName());
        double top = Math.max(addTimelines(o.firstName(), o.first()), addTimelines(o.secondName(), o.second()));
        List<TimelineOverlay.Level> levels = levels(o);
        overlay.setLevels(levels);
        for (TimelineOverlay.Level l : levels) {
            top = Math.max(top, l.value());
        }
        // a fixed range with head room that holds the capacity line, as on the Results timeline
        yAxis.setAutoRanging(false);
        yAxis.set(0, top <= 0 ? 1 : top * 1.08);
        ((CategoryAxis) bars.getXAxis()).getCategories().setAll(categories(o));
        Map<Integer, Double> measuredA = measured(o.first());
        Map<Integer, Double> measuredB = measured(o.second());
        for (MemoryComponent c : MemoryComponent.values()) {
            StackedBarChart.Series<String, Number> s = new StackedBarChart.Series<>();
            s.setName(c.displayName());
            addBars(s, "A", o.first(), measuredA, c);
            addBars(s, "B", o.second(), measuredB, c);
            bars.getData().add(s);
        }
        // the memory an account did not attribute, as Results draws it: hatched, named, not overhead (CSS: the fifth
        // series of #overlayBreakdown); in the key only when a bar has some
        if (measuredA.containsKey(UNATTRIBUTED) || measuredB.containsKey(UNATTRIBUTED)) {
            StackedBarChart.Series<String, Number> rest = new StackedBarChart.Series<>();
            rest.setName(HumanNames.component(AccountComponent.UNATTRIBUTED));
            rest.getData().add(new StackedBarChart.Data<>("A measured", measuredA.getOrDefault(UNATTRIBUTED, 0.0)));
            rest.getData().add(new StackedBarChart.Data<>("B measured", measuredB.getOrDefault(UNATTRIBUTED, 0.0)));
            bars.getData().add(rest);
        }
    }

    /**
     * A run's measured bar in the display unit, from the owner of Results' bars ({@link AccountBars}): per calculator
     * component (by ordinal) the items attributed to it, and under {@link #UNATTRIBUTED} the hatched rest.
     */
    private Map<Integer, Double> measured(ProfileReport r) {
        Map<Integer, Double> out = new HashMap<>();
        for (AccountBars.Segment s : AccountBars.of(r.account(), null, unit()).measured()) {
            out.merge(s.hatched() ? UNATTRIBUTED : s.colour(), s.value(), Double::sum);
        }
        return out;
    }

    /**
     * The GPU capacity (one line when both runs had the same GPU size, else one per run) and each run's engine budget
     * where its report records one ({@link dev.memlens.core.vllm.breakdown.EngineBudget#of}).
     */
    private List<TimelineOverlay.Level> levels(RunOverlay o) {
        MemoryUnit u = unit();
        List<String> names = List.of(SHORT_NAMES[0], SHORT_NAMES[1]);
        List<ProfileReport> runs = List.of(o.first(), o.second());
        Long capacityA = TimelineOverlay.capacityBytes(o.first());
        Long capacityB = TimelineOverlay.capacityBytes(o.second());
        boolean oneCapacity = capacityA == null || capacityB == null || capacityA.equals(capacityB);
        List<TimelineOverlay.Level> levels = new ArrayList<>();
        if (oneCapacity && (capacityA != null || capacityB != null)) {
            levels.addAll(TimelineOverlay.capacityAndBudget(capacityA != null ? capacityA : capacityB, null, u));
        }
        for (int i = 0; i < runs.size(); i++) {
            Long capacity = TimelineOverlay.capacityBytes(runs.get(i));
            if (capacity == null) {
                continue;
            }
            List<TimelineOverlay.Level> own = TimelineOverlay.capacityAndBudget(capacity,
                    dev.memlens.core.vllm.breakdown.EngineBudget.of(runs.get(i)).orElse(null), u);
            for (TimelineOverlay.Level l : own.subList(oneCapacity ? 1 : 0, own.size())) {
                levels.add(new TimelineOverlay.Level(names.get(i) + " · " + l.name(), l.value(), l.styleClass()));
            }
        }
        return levels;
    }

    /** Time, each run's used memory per GPU and its phase at a time; null outside both timelines. */
    private String readoutAt(double seconds) {
        RunOverlay o = shown;
        return o == null ? null : TimelineReadout.at(seconds, unit(), List.of(
                new TimelineReadout.Run(SHORT_NAMES[0], o.first()), new TimelineReadout.Run(SHORT_NAMES[1], o.second())));
    }

    TimelineOverlay overlay() {
        return overlay;
    }

    /** Adds a run's series; returns its highest value in the display unit. */
    private double addTimelines(String runName, ProfileReport r) {
        double top = 0;
        for (GpuTimeline t : r.timeline()) {
            double[] x = new double[t.size()];
            double[] y = new double[t.size()];
            for (int i = 0; i < t.size(); i++) {
                x[i] = t.elapsedMillis(i) / 1000.0;
                y[i] = unit().fromBytes(t.usedBytes(i));
                top = Math.max(top, y[i]);
            }
            String name = r.timeline().size() == 1 ? runName : runName + " · GPU " + t.gpuIndex();
            renderer.getDatasets().add(new DoubleDataSet(name).set(x, y));
        }
        return top;
    }

    private static List<String> categories(RunOverlay o) {
        List<String> list = new ArrayList<>(List.of("A measured"));
        if (hasComponents(o.first().calculator())) {
            list.add("A calculated");
        }
        list.add("B measured");
        if (hasComponents(o.second().calculator())) {
            list.add("B calculated");
        }
        return list;
    }

    private static boolean hasComponents(CalculatorValues v) {
        return v != null && !v.components().isEmpty();
    }

    private void addBars(StackedBarChart.Series<String, Number> s, String run, ProfileReport r,
                         Map<Integer, Double> measured, MemoryComponent c) {
        MemoryUnit unit = unit();
        s.getData().add(new StackedBarChart.Data<>(run + " measured", measured.getOrDefault(c.ordinal(), 0.0)));
        if (hasComponents(r.calculator())) {
            s.getData().add(new StackedBarChart.Data<>(run + " calculated", unit.fromBytes(r.calculator().component(c).orElse(0L))));
        }
    }

    XYChart timelineChart() {
        return chart;
    }

    StackedBarChart<String, Number> breakdownChart() {
        return bars;
    }
}
