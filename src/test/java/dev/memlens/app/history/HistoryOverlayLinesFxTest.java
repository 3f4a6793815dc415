package dev.memlens.app.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.app.MemLensApp;
import dev.memlens.app.charts.TimelineOverlay;
import dev.memlens.app.main.MainViewModel;
import dev.memlens.app.task.SameThreadTaskExecutor;
import dev.memlens.core.report.BenchmarkParameters;
import dev.memlens.core.report.GpuTimeline;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunStatus;
import dev.memlens.core.report.TimelinePlot;
import dev.memlens.core.report.library.RunLibrary;
import dev.memlens.core.report.library.SavedRuns;
import dev.memlens.core.settings.RecentFiles;
import dev.memlens.core.units.MemoryUnit;
import dev.memlens.testsupport.FxThread;
import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * History's overlay of two saved runs on one H200 (one of them a vLLM run with gpu_memory_utilization 0.9) has what
 * the Results timeline has: the GPU capacity line, that run's engine budget line and a crosshair readout with the
 * time, each run's used memory and its phase.
 */
@ExtendWith(ApplicationExtension.class)
class HistoryOverlayLinesFxTest {
    private static final Instant T = Instant.parse("2025-03-10T09:15:00Z");
    @TempDir
    Path dir;
    private MainViewModel vm;
    private ProfileReport withBudget;
    private ProfileReport plain;

    @Start
    void start(Stage stage) throws Exception {
        RunLibrary library = new RunLibrary(dir.resolve("runs"));
        ProfileReport bench = SavedRuns.run("Llama-2-7B", "bench", T, RunStatus.COMPLETED, null);
        BenchmarkParameters p = bench.parameters();
        withBudget = bench.toBuilder().parameters(new BenchmarkParameters(p.inputLen(), p.outputLen(), p.batchSize(),
                p.dtype(), p.tensorParallelSize(), p.quantization(), p.kvCacheDtype(), p.numItersWarmup(), p.numIters(),
                p.maxModelLen(), 0.9, p.enforceEager(), p.other())).build();
        plain = SavedRuns.withLargerKv(SavedRuns.run("Llama-2-7B", "hf", T.plusSeconds(3_600), RunStatus.COMPLETED,
                null), 2.5, 1.3);
        library.save(withBudget);
        library.save(plain);
        vm = new MainViewModel(new SameThreadTaskExecutor(), new RecentFiles(dir.resolve("recent.txt")), library);
        stage.setScene(MemLensApp.createScene(vm));
        stage.setWidth(1280);
        stage.setHeight(720);
        stage.show();
        vm.history().refresh();
        ((TabPane) stage.getScene().lookup("#mainTabs")).getSelectionModel().select(2);
    }

    @Test
    void theOverlayHasTheCapacityAndBudgetLinesAndAReadoutOfBothRuns(FxRobot robot) {
        robot.interact(() -> {
            // newest first: A is the hf run, B the vLLM run with its budget
            vm.history().selectedEntries().setAll(vm.history().entries());
            vm.history().compareSelected();
        });
        WaitForAsyncUtils.waitForFxEvents();
        RunOverlayView view = FxThread.call(() -> robot.lookup("#runOverlay").queryAs(RunOverlayView.class));
        RunOverlay o = FxThread.call(() -> vm.history().overlayProperty().get());
        assertTrue(o.firstName().startsWith("A · ") && o.secondName().startsWith("B · "));
        ProfileReport b = o.second();
        assertEquals(0.9, b.parameters().gpuMemoryUtilization(), "B is the run with a budget");
        long capacity = TimelineOverlay.capacityBytes(b);
        double capacityGib = MemoryUnit.GIB.fromBytes(capacity);

        List<TimelineOverlay.Level> levels = FxThread.call(() -> view.overlay().levels());
        assertEquals(2, levels.size(), levels.toString());
        assertEquals(String.format(Locale.ROOT, "GPU capacity %.2f GiB", capacityGib), levels.get(0).name());
        assertEquals(capacityGib, levels.get(0).value(), 1e-9);
        double budget = MemoryUnit.GIB.fromBytes(Math.round(capacity * 0.9));
        assertEquals(String.format(Locale.ROOT, "B · engine budget 0.90 × %.2f = %.2f GiB (from"
                + " --gpu-memory-utilization)", capacityGib, budget), levels.get(1).name());
        XYChart chart = FxThread.call(() -> robot.lookup("#overlayTimeline").queryAs(XYChart.class));
        double top = FxThread.call(() -> ((DefaultNumericAxis) chart.getYAxis()).getMax());
        assertTrue(top >= capacityGib, "the capacity line is inside the axis: " + top);
        List<String> shownLevels = FxThread.call(() -> chart.lookupAll(".level-label").stream()
                .filter(n -> n.isVisible()).map(n -> ((Label) n).getText()).toList());
        assertEquals(levels.stream().map(TimelineOverlay.Level::name).toList(), shownLevels);

        // the crosshair at 5 s: both runs' used memory and phase, as their timelines have them
        robot.interact(() -> view.overlay().showReadoutAt(5.0));
        Label readout = FxThread.call(() -> view.overlay().readoutLabel());
        assertTrue(FxThread.call(readout::isVisible));
        String text = FxThread.call(readout::getText);
        assertTrue(text.startsWith("t      5.0 s"), text);
        for (String run : List.of("A", "B")) {
            ProfileReport r = run.equals("A") ? o.first() : o.second();
            GpuTimeline t = r.timeline().get(0);
            int at = 0;
            while (at + 1 < t.size() && t.elapsedMillis(at + 1) <= 5_000) {
                at++;
            }
            String used = String.format(Locale.ROOT, "%s · GPU %d  %.2f GiB", run, t.gpuIndex(),
                    MemoryUnit.GIB.fromBytes(t.usedBytes(at)));
            assertTrue(text.contains(used), used + " in\n" + text);
            String phase = TimelinePlot.bands(r).stream().filter(x -> x.fromSeconds() <= 5 && 5 <= x.toSeconds())
                    .map(TimelinePlot.Band::name).findFirst().orElseThrow();
            assertTrue(text.contains(run + " · phase  " + phase), phase + " in\n" + text);
        }
    }
}
