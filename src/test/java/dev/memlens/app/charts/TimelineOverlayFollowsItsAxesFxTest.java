package dev.memlens.app.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.app.MemLensApp;
import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.shape.Line;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Headless (Monocle): a chart with the overlay and no data at all. When its axes take another range or the plot
 * another size, and nothing else happens (a live view whose data has stopped), the phase labels and level lines move
 * with them: after the layout pulses that follow, each one is where the axes now put its time or value.
 */
@ExtendWith(ApplicationExtension.class)
class TimelineOverlayFollowsItsAxesFxTest {
    private DefaultNumericAxis timeAxis;
    private DefaultNumericAxis memoryAxis;
    private TimelineOverlay overlay;
    private XYChart chart;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        timeAxis = new DefaultNumericAxis("time", 0, 100, 10);
        memoryAxis = new DefaultNumericAxis("memory", 0, 100, 10);
        overlay = new TimelineOverlay(timeAxis, memoryAxis);
        timeAxis.setAutoRanging(false);
        memoryAxis.setAutoRanging(false);
        chart = new XYChart(timeAxis, memoryAxis);
        chart.getStyleClass().add(MemoryCharts.OVERLAID);
        chart.getPlugins().add(overlay);
        // wide bands: each label sits at its band's start, in the first row
        overlay.setPhases(List.of(new TimelineOverlay.Phase("Loading", 0, 20),
                new TimelineOverlay.Phase("Measuring", 50, 100)));
        overlay.setLevels(List.of(new TimelineOverlay.Level("budget", 50, "level-budget")));
        // the app's theme and style sheet, which define the colours ChartFX looks up (else JavaFX warns of each)
        stage.setScene(MemLensApp.styledScene(chart, 800, 400));
        stage.show();
    }

    /** Waits until {@code n} more layout pulses ran on the chart's scene (each one asked for, so none is missed). */
    private void afterPulses(int n) throws Exception {
        AtomicInteger done = new AtomicInteger();
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            if (done.incrementAndGet() < n) {
                Platform.requestNextPulse();
            }
        };
        WaitForAsyncUtils.asyncFx(() -> {
            chart.getScene().addPostLayoutPulseListener(listener[0]);
            Platform.requestNextPulse();
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> done.get() >= n);
        WaitForAsyncUtils.asyncFx(() -> chart.getScene().removePostLayoutPulseListener(listener[0]))
                .get(10, TimeUnit.SECONDS);
    }

    /** Each phase label at its band's start and the level line at its value, as the axes place them now. */
    private void assertPlacedAgainstTheAxesAsTheyAre() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
            Bounds area = chart.getCanvas().getBoundsInParent();
            List<Label> labels = chart.lookupAll(".phase-label").stream().map(Label.class::cast).toList();
            assertEquals(2, labels.size());
            List<TimelineOverlay.Phase> phases = overlay.phases();
            for (int i = 0; i < phases.size(); i++) {
                double expected = area.getMinX() + timeAxis.getDisplayPosition(phases.get(i).fromSeconds());
                Label label = labels.get(i);
                assertEquals(phases.get(i).name(), label.getText());
                assertEquals(expected, label.getLayoutX(), 0.5, label.getText() + " against the time axis "
                        + timeAxis.getMin() + "–" + timeAxis.getMax() + " over " + area.getWidth() + " px");
            }
            Node line = chart.lookup(".level-line");
            double y = area.getMinY() + memoryAxis.getDisplayPosition(50);
            assertEquals(y, ((Line) line).getStartY(), 0.5, "the level line against the memory axis "
                    + memoryAxis.getMin() + "–" + memoryAxis.getMax());
            return null;
        }).get(10, TimeUnit.SECONDS);
    }

    @Test
    void anotherAxisRangeWithNoNewDataMovesTheLabelsAndLines(FxRobot robot) throws Exception {
        afterPulses(3);
        assertPlacedAgainstTheAxesAsTheyAre();
        double before = robot.lookup(".phase-label").nth(1).query().getLayoutX();
        robot.interact(() -> {
            timeAxis.set(0, 200);
            memoryAxis.set(0, 200);
        });
        afterPulses(3);
        assertPlacedAgainstTheAxesAsTheyAre();
        double after = robot.lookup(".phase-label").nth(1).query().getLayoutX();
        assertTrue(after < before - 100, "Measuring (from 50 s) moved left with the longer axis: " + before + " → "
                + after);
    }

    @Test
    void aResizedPlotWithNoNewDataMovesTheLabelsAndLines(FxRobot robot) throws Exception {
        afterPulses(3);
        assertPlacedAgainstTheAxesAsTheyAre();
        robot.interact(() -> {
            stage.setWidth(1200);
            stage.setHeight(600);
        });
        afterPulses(3);
        assertPlacedAgainstTheAxesAsTheyAre();
        robot.interact(() -> {
            stage.setWidth(640);
            stage.setHeight(360);
        });
        afterPulses(3);
        assertPlacedAgainstTheAxesAsTheyAre();
    }
}
