package dev.memlens.app.charts;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.plugins.Zoomer;
import io.fair_acc.chartfx.renderer.ErrorStyle;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;

/** The one way MemLens sets up its memory-over-time charts, so the results, history and live views look alike. */
public final class MemoryCharts {
    /** The style class of a chart whose phase labels {@link TimelineOverlay} draws instead of ChartFX. */
    public static final String OVERLAID = "memlens-overlaid";

    private MemoryCharts() {
    }

    /** Lines without error bars or point markers, reduced to what the pixels can show. */
    public static ErrorDataSetRenderer lineRenderer() {
        ErrorDataSetRenderer renderer = new ErrorDataSetRenderer();
        renderer.setErrorStyle(ErrorStyle.NONE);
        renderer.setDrawMarker(false);
        renderer.setPointReduction(true);
        return renderer;
    }

    /** Elapsed seconds against used memory from zero, not animated, with a legend and zoom. */
    public static XYChart timelineChart(DefaultNumericAxis time, DefaultNumericAxis memory, String title,
                                        ErrorDataSetRenderer renderer) {
        time.setAutoRangeRounding(false);
        memory.setForceZeroInRange(true);
        XYChart chart = new XYChart(time, memory);
        chart.setAnimated(false);
        chart.setTitle(title);
        chart.setLegendVisible(true);
        chart.getRenderers().setAll(renderer);
        chart.getPlugins().add(new Zoomer());
        return chart;
    }
}
