package dev.memlens.app.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.report.GpuTimeline;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.VllmMetricsSeries;
import dev.memlens.core.units.MemoryUnit;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.plugins.XValueIndicator;
import io.fair_acc.chartfx.renderer.Renderer;
import io.fair_acc.dataset.DataSet;
import java.util.List;
import javafx.beans.property.SimpleObjectProperty;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The results timeline of an api run: KV % and request counts on their own axes, a marker at each preemption. */
@ExtendWith(ApplicationExtension.class)
class TimelineChartVllmMetricsFxTest {
    private static final long GIB = 1L << 30;
    private final SimpleObjectProperty<ProfileReport> report = new SimpleObjectProperty<>();
    private TimelineChartView view;

    @Start
    void start(Stage stage) {
        view = new TimelineChartView(report, new SimpleObjectProperty<>(MemoryUnit.GIB));
        stage.setScene(dev.memlens.app.MemLensApp.styledScene(view, 800, 500));
        stage.show();
    }

    private static ProfileReport apiRun(VllmMetricsSeries series) {
        return ProfileReport.builder().timeline(List.of(new GpuTimeline(0, "GPU-1", "H200", new long[] {0, 1000, 2000},
                new long[] {80 * GIB, 84 * GIB, 85 * GIB}))).vllmMetrics(series).build();
    }

    @Test
    void theKvAxisTheRequestCountsAndOneMarkerPerPreemption(FxRobot robot) {
        VllmMetricsSeries series = new VllmMetricsSeries(List.of(new VllmMetricsSeries.Point(0, 0.0, 0.0, 0.0, 0.0),
                new VllmMetricsSeries.Point(500, 0.62, 3.0, 1.0, 0.0), new VllmMetricsSeries.Point(1000, 0.97, 4.0, 2.0, 2.0),
                new VllmMetricsSeries.Point(1500, 0.31, 1.0, 0.0, 3.0)));
        robot.interact(() -> report.set(apiRun(series)));

        List<Renderer> renderers = view.chart().getRenderers();
        assertEquals(3, renderers.size());
        DataSet kv = renderers.get(1).getDatasets().get(0);
        assertEquals("KV cache [%]", kv.getName());
        assertEquals(4, kv.getDataCount());
        assertEquals(97.0, kv.get(DataSet.DIM_Y, 2), 1e-9);
        assertEquals(1.0, kv.get(DataSet.DIM_X, 2), 1e-9);
        DefaultNumericAxis kvAxis = (DefaultNumericAxis) renderers.get(1).getAxes().get(0);
        assertEquals("%", kvAxis.getUnit());
        assertTrue(kvAxis.isVisible());
        assertEquals(List.of("running requests", "waiting requests"),
                renderers.get(2).getDatasets().stream().map(DataSet::getName).toList());
        assertEquals(4.0, renderers.get(2).getDatasets().get(0).get(DataSet.DIM_Y, 2), 1e-9);
        List<String> preemptions = view.chart().getPlugins().stream().filter(p -> p instanceof XValueIndicator)
                .map(p -> ((XValueIndicator) p).getText() + " at " + ((XValueIndicator) p).getValue()).toList();
        assertEquals(List.of("preempted 2 at 1.0", "preempted 1 at 1.5"), preemptions);

        robot.interact(() -> report.set(apiRun(null)));
        assertFalse(kvAxis.isVisible(), "a run without /metrics has the memory axis only");
        assertTrue(view.chart().getRenderers().get(1).getDatasets().isEmpty());
        assertTrue(view.chart().getPlugins().stream().noneMatch(p -> p instanceof XValueIndicator));
    }
}
