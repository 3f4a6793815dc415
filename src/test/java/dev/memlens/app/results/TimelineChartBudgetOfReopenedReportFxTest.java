package dev.memlens.app.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.memlens.app.charts.TimelineOverlay;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.json.ReportReader;
import dev.memlens.core.units.MemoryUnit;
import dev.memlens.testutil.Resources;
import java.util.List;
import javafx.beans.property.SimpleObjectProperty;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A reopened bench report whose parameters do not record --gpu-memory-utilization (the run left it to vLLM) still
 * gets its engine budget line in Results: the budget vLLM's log requested, which the report's account keeps. The
 * report is one `memlens bench` saved against the stand-in vLLM replaying the real v0.19 H100 log (see
 * BenchCommandWithStandInVllmTest) and the stand-in nvidia-smi's two 140.40 GiB GPUs.
 */
@ExtendWith(ApplicationExtension.class)
class TimelineChartBudgetOfReopenedReportFxTest {
    private final SimpleObjectProperty<ProfileReport> report = new SimpleObjectProperty<>();
    private TimelineChartView view;

    @Start
    void start(Stage stage) {
        view = new TimelineChartView(report, new SimpleObjectProperty<>(MemoryUnit.GIB));
        stage.setScene(dev.memlens.app.MemLensApp.styledScene(view, 1000, 600));
        stage.show();
    }

    @Test
    void theBudgetVllmsLogRequestedIsDrawnWhenTheParametersLackTheShare(FxRobot robot) throws Exception {
        ProfileReport r = ReportReader.read(Resources.path("report/memlens-bench-standin-v0.19-no-utilization-argument.json"));
        assertNull(r.parameters().gpuMemoryUtilization());
        robot.interact(() -> report.set(r));
        List<String> names = view.overlay().levels().stream().map(TimelineOverlay.Level::name).toList();
        // tensor parallel 1 sampled on two GPUs: vLLM budgets one of them, so there is no budget of both
        assertEquals(List.of("capacity per GPU 140.40 GiB",
                "engine budget on 1 of 2 GPUs 75.23 GiB (from the vLLM log)",
                "capacity of 2 GPUs 280.80 GiB"), names, "a report written before it kept the log's share");
        assertEquals(0.95 * 79.19, view.overlay().levels().get(1).value(), 0.005);
    }

    @Test
    void aReportThatKeepsTheLogsShareShowsItAsTheLiveRunDoes(FxRobot robot, @org.junit.jupiter.api.io.TempDir
                                                             java.nio.file.Path dir) throws Exception {
        ProfileReport old = ReportReader.read(Resources.path("report/memlens-bench-standin-v0.19-no-utilization-argument.json"));
        java.nio.file.Path saved = dir.resolve("run.json");
        dev.memlens.core.report.library.ReportFiles.save(old.toBuilder().engineShare(
                new dev.memlens.core.report.EngineShare(0.95, dev.memlens.core.report.FigureSource.VLLM_LOG)).build(),
                saved);
        ProfileReport r = ReportReader.read(saved);
        robot.interact(() -> report.set(r));
        assertEquals("engine budget on 1 of 2 GPUs 0.95 → 75.23 GiB (from the vLLM log)",
                view.overlay().levels().get(1).name());
    }
}
