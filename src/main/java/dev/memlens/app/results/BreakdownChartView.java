package dev.memlens.app.results;

import dev.memlens.core.report.MemoryComponent;
import java.util.EnumMap;
import java.util.Map;
import javafx.beans.value.ObservableValue;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Tooltip;

/**
 * Measured and calculated breakdowns as two stacked bars. The data points are created once and updated in place,
 * so typing a value moves the bar without rebuilding the chart.
 */
final class BreakdownChartView extends StackedBarChart<String, Number> {
    static final String MEASURED = "Measured";
    static final String CALCULATED = "Calculated";
    private final Map<MemoryComponent, XYChart.Data<String, Number>> measured = new EnumMap<>(MemoryComponent.class);
    private final Map<MemoryComponent, XYChart.Data<String, Number>> calculated = new EnumMap<>(MemoryComponent.class);
    private final Map<XYChart.Data<String, Number>, Tooltip> tooltips = new java.util.HashMap<>();
    private final NumberAxis valueAxis;

    BreakdownChartView(ObservableValue<BreakdownBars> bars) {
        super(new CategoryAxis(), new NumberAxis());
        valueAxis = (NumberAxis) getYAxis();
        setId("breakdownChart");
        setAnimated(false);
        setLegendVisible(false); // the calculator panel's colour swatches are the legend
        setCategoryGap(36);
        ((CategoryAxis) getXAxis()).getCategories().setAll(MEASURED, CALCULATED);
        for (MemoryComponent c : MemoryComponent.values()) {
            XYChart.Series<String, Number> series = new XYChart.Series<>();
            series.setName(c.displayName());
            XYChart.Data<String, Number> m = new XYChart.Data<>(MEASURED, 0);
            XYChart.Data<String, Number> k = new XYChart.Data<>(CALCULATED, 0);
            series.getData().addAll(m, k);
            withTooltip(m);
            withTooltip(k);
            measured.put(c, m);
            calculated.put(c, k);
            getData().add(series);
        }
        bars.addListener((o, a, b) -> show(b));
        show(bars.getValue());
    }

    private void withTooltip(XYChart.Data<String, Number> d) {
        Tooltip tip = new Tooltip();
        tooltips.put(d, tip);
        d.nodeProperty().addListener((o, a, node) -> {
            if (node != null) {
                Tooltip.install(node, tip);
            }
        });
    }

    private void show(BreakdownBars b) {
        valueAxis.setLabel(b.unitLabel());
        for (MemoryComponent c : MemoryComponent.values()) {
            update(measured.get(c), b.measured(c), c, "measured", b.unitLabel());
            update(calculated.get(c), b.calculated(c), c, "calculated", b.unitLabel());
        }
    }

    private void update(XYChart.Data<String, Number> d, double value, MemoryComponent c, String side, String unit) {
        d.setYValue(value);
        tooltips.get(d).setText(String.format(java.util.Locale.ROOT, "%s %s: %.2f %s", c.displayName(), side, value, unit));
    }
}
