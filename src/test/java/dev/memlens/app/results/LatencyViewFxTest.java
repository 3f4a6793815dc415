package dev.memlens.app.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.app.MemLensApp;
import dev.memlens.app.main.MainView;
import dev.memlens.app.main.MainViewModel;
import dev.memlens.app.task.SameThreadTaskExecutor;
import dev.memlens.core.report.LatencyStats;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.HumanNames;
import dev.memlens.core.report.json.ReportReader;
import dev.memlens.core.report.library.RunLibrary;
import dev.memlens.core.settings.RecentFiles;
import dev.memlens.testutil.Resources;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import javafx.scene.Scene;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Headless (Monocle): a recorded bench report's latency: percentiles in ms, the histogram, tokens per second. */
@ExtendWith(ApplicationExtension.class)
class LatencyViewFxTest {
    @TempDir
    static Path dir;
    private MainViewModel vm;
    private Scene scene;
    private final Path file = Resources.path("report/v2-enhanced.json");

    @Start
    void start(Stage stage) {
        vm = new MainViewModel(new SameThreadTaskExecutor(), new RecentFiles(dir.resolve("recent.txt")),
                new RunLibrary(dir.resolve("runs")));
        scene = MemLensApp.createScene(vm);
        stage.setScene(scene);
        stage.show();
        vm.open(file);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLatencyTabShowsPercentilesAHistogramOfEveryValueAndTokensPerSecond(FxRobot robot) throws Exception {
        ProfileReport r = ReportReader.read(file);
        LatencyStats e2e = r.latency();
        assertFalse(e2e.latencies().isEmpty(), "the fixture records per-iteration latencies");
        robot.interact(() -> ((MainView) scene.getRoot()).resultsView().lowerTabs().getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        TableView<Map<String, String>> table = robot.lookup("#latencyTable").queryAs(TableView.class);
        Map<String, String> row = table.getItems().get(0);
        assertEquals(HumanNames.END_TO_END, row.get("Distribution"));
        assertEquals(String.valueOf(e2e.latencies().size()), row.get(dev.memlens.core.report.LatencyTable.SAMPLES));
        assertEquals(String.format(Locale.ROOT, "%.1f ms", e2e.avgSeconds() * 1000), row.get(HumanNames.MEAN));
        for (var p : e2e.percentiles().entrySet()) {
            assertEquals(String.format(Locale.ROOT, "%.1f ms", p.getValue() * 1000), row.get("p" + p.getKey()));
            assertTrue(table.getColumns().stream().anyMatch(c -> c.getText().equals("p" + p.getKey())));
        }
        BarChart<String, Number> histogram = robot.lookup("#latencyHistogram").queryAs(BarChart.class);
        XYChart.Series<String, Number> bins = histogram.getData().get(0);
        assertEquals(LatencyView.bins(e2e.latencies().size()), bins.getData().size());
        assertEquals(e2e.latencies().size(), bins.getData().stream().mapToInt(d -> d.getYValue().intValue()).sum());
        Double tps = LatencyView.tokensPerSecond(r);
        String shown = robot.lookup("#latencyThroughput").queryAs(Label.class).getText();
        if (tps != null) {
            assertEquals(String.format(Locale.ROOT, "Output tokens per second: %.1f", tps), shown);
            assertEquals(r.parameters().batchSize() * (double) r.parameters().outputLen() / e2e.avgSeconds(), tps, 1e-9);
        }
    }
}
