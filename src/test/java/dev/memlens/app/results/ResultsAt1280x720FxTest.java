package dev.memlens.app.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.app.MemLensApp;
import dev.memlens.app.main.MainView;
import dev.memlens.app.main.MainViewModel;
import dev.memlens.app.task.SameThreadTaskExecutor;
import dev.memlens.core.report.library.RunLibrary;
import dev.memlens.core.settings.RecentFiles;
import dev.memlens.testsupport.FxThread;
import dev.memlens.testutil.Resources;
import java.nio.file.Path;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.BarChart;
import javafx.scene.control.Label;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A recorded v2 bench report (no timeline, a peak snapshot, three latencies) at 1280×720: the header's peak is the
 * account's measured total with its kind, the timeline says it has no samples instead of drawing an empty chart, and
 * the Latency histogram gets the room for its axes.
 */
@ExtendWith(ApplicationExtension.class)
class ResultsAt1280x720FxTest {
    @TempDir
    static Path dir;
    private MainViewModel vm;
    private Scene scene;

    @Start
    void start(Stage stage) {
        vm = new MainViewModel(new SameThreadTaskExecutor(), new RecentFiles(dir.resolve("recent.txt")),
                new RunLibrary(dir.resolve("runs")));
        scene = MemLensApp.createScene(vm);
        stage.setScene(scene);
        stage.setWidth(1280);
        stage.setHeight(720);
        stage.show();
        vm.open(Resources.path("report/v2-enhanced.json"));
    }

    @Test
    void theHeaderPeakIsTheAccountsTotalWithItsKind(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        String peak = FxThread.call(() -> robot.lookup("#summaryPeak").queryAs(Label.class).getText());
        assertEquals("Peak  69.38 GiB (measured)", peak);
        String total = FxThread.call(() -> vm.results().accountTable().stream().filter(AccountTableRow::total)
                .findFirst().orElseThrow().measured());
        assertTrue(peak.contains(total), peak + " vs the account's " + total);
        String tip = FxThread.call(() -> robot.lookup("#summaryPeak").queryAs(Label.class).getTooltip().getText());
        assertTrue(tip.startsWith("measured · gpu-sampler"), tip);
    }

    @Test
    void aReportWithoutSamplesShowsAPlaceholderInsteadOfAnEmptyChart(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        Label placeholder = FxThread.call(() -> robot.lookup("#timelinePlaceholder").queryAs(Label.class));
        assertTrue(FxThread.call(placeholder::isVisible));
        assertEquals("No memory timeline in this report", FxThread.call(placeholder::getText));
        TimelineChartView view = FxThread.call(() -> robot.lookup("#timelineChart").queryAs(TimelineChartView.class));
        assertFalse(FxThread.call(() -> view.chart().isVisible()), "no empty 0–150 chart");
        // a report with a timeline brings the chart back
        robot.interact(vm::openSample);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(FxThread.call(() -> view.chart().isVisible()));
        assertFalse(FxThread.call(placeholder::isVisible));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLatencyHistogramHasRoomForItsAxesAt1280x720(FxRobot robot) {
        robot.interact(() -> ((MainView) scene.getRoot()).resultsView().lowerTabs().getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        BarChart<String, Number> histogram = FxThread.call(() -> robot.lookup("#latencyHistogram").queryAs(BarChart.class));
        Bounds b = FxThread.call(() -> histogram.localToScene(histogram.getLayoutBounds()));
        assertTrue(b.getHeight() >= 160, "histogram height " + b.getHeight());
        assertTrue(b.getMaxY() <= scene.getHeight() && b.getMaxX() <= scene.getWidth(), "inside the window: " + b);
        for (String title : new String[] {"requests", "latency [ms]"}) {
            String shown = FxThread.call(() -> histogram.lookupAll(".axis-label").stream()
                    .map(n -> ((Label) n).lookup(".text")).filter(t -> t instanceof Text)
                    .map(t -> ((Text) t).getText()).filter(t -> t.startsWith(title.substring(0, 1)))
                    .findFirst().orElse(""));
            assertEquals(title, shown, "the axis title is shown whole");
        }
        Node table = FxThread.call(() -> robot.lookup("#latencyTable").query());
        assertTrue(FxThread.call(() -> table.localToScene(table.getLayoutBounds()).getHeight()) >= 74,
                "the table shows its header and row");
        // back on the account, the timeline gets its room again
        robot.interact(() -> ((MainView) scene.getRoot()).resultsView().lowerTabs().getSelectionModel().select(0));
        WaitForAsyncUtils.waitForFxEvents();
        double divider = FxThread.call(() -> robot.lookup("#resultsSplit").queryAs(javafx.scene.control.SplitPane.class)
                .getDividerPositions()[0]);
        assertEquals(0.5, divider, 0.02);
    }
}
