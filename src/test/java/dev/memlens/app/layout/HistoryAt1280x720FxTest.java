package dev.memlens.app.layout;

import static dev.memlens.app.layout.NodesInView.assertShownWhole;
import static dev.memlens.app.layout.NodesInView.assertTextWhole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.app.MemLensApp;
import dev.memlens.app.main.MainViewModel;
import dev.memlens.app.task.SameThreadTaskExecutor;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.MemoryAccount;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunStatus;
import dev.memlens.core.report.library.RunLibrary;
import dev.memlens.core.report.library.SavedRuns;
import dev.memlens.core.settings.RecentFiles;
import dev.memlens.core.units.MemoryUnit;
import dev.memlens.testsupport.FxThread;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.control.Labeled;
import javafx.scene.control.TabPane;
import javafx.scene.layout.Region;
import javafx.scene.paint.CycleMethod;
import javafx.scene.paint.LinearGradient;
import javafx.scene.paint.Paint;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Headless (Monocle): the History tab at 1280×720 with a run of every mode, a Prometheus range among them (its mode
 * the longest word, "prometheus", and its account all unattributed: only the GPU sampler measured it) and a long run
 * folder: every cell and command drawn whole, and that range's bar in the overlay hatched and named "Unattributed",
 * not coloured as framework overhead.
 */
@ExtendWith(ApplicationExtension.class)
class HistoryAt1280x720FxTest {
    private static final Instant T = Instant.parse("2026-12-01T13:40:00Z");
    private static final long RANGE_TOTAL = 8_160_000_000L;
    @TempDir
    static Path dir;
    private MainViewModel vm;
    private Scene scene;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        // a folder as long as a temporary one of the screenshot tools, which cut the commands beside it
        Path runs = dir.resolve("memlens-prometheus-shot16795375338510013728").resolve("history-of-a-long-folder")
                .resolve("runs");
        RunLibrary library = new RunLibrary(runs);
        library.save(prometheusRange());
        library.save(SavedRuns.run("meta-llama/Llama-3.1-8B-Instruct", "bench", T.minusSeconds(60),
                RunStatus.INTERRUPTED, 19L << 30));
        library.save(SavedRuns.run("Qwen/Qwen2.5-7B-Instruct", "api", T.minusSeconds(120), RunStatus.CANCELLED, null));
        library.save(SavedRuns.run("mistralai/Mistral-7B-v0.3", "docker", T.minusSeconds(180), RunStatus.FAILED, null));
        library.save(SavedRuns.run("Llama-2-7B", "hf", T.minusSeconds(240), RunStatus.COMPLETED, 19L << 30));
        vm = new MainViewModel(new SameThreadTaskExecutor(), new RecentFiles(dir.resolve("recent.txt")), library);
        scene = MemLensApp.createScene(vm);
        LayoutStage.show(stage, scene, 1280, 720);
        vm.history().refresh();
        ((TabPane) scene.lookup("#mainTabs")).getSelectionModel().select(1);
    }

    /** TestFX keeps one stage for every test class: give the next one its usual size back. */
    @AfterEach
    void restoreStageSize(FxRobot robot) {
        robot.interact(() -> LayoutStage.restore(stage));
    }

    /** What File → Open Prometheus range… saves: the GPU sampler's total and nothing attributed. */
    private static ProfileReport prometheusRange() {
        ProfileReport r = SavedRuns.run("GPU memory from Prometheus on gpu1-wl8sg", "prometheus", T,
                RunStatus.COMPLETED, null);
        return r.toBuilder().account(MemoryAccount.builder().total(RANGE_TOTAL, FigureSource.GPU_SAMPLER,
                "peak of the summed used memory − each GPU's first sample in the range").build()).build();
    }

    private void settle() {
        for (int i = 0; i < 3; i++) {
            WaitForAsyncUtils.waitForFxEvents();
        }
    }

    @Test
    void everyCellAndCommandOfTheTableIsDrawnWhole(FxRobot robot) {
        settle();
        FxThread.call(() -> {
            assertEquals(1280, scene.getWidth(), 1);
            assertEquals(5, vm.history().visibleEntries().size());
            Node table = scene.lookup("#historyTable");
            List<String> cells = table.lookupAll(".table-row-cell .table-cell").stream()
                    .filter(Node::isVisible).map(n -> (Labeled) n)
                    .filter(c -> c.getText() != null && !c.getText().isEmpty()).map(c -> {
                        Text drawn = (Text) c.lookup(".text");
                        assertNotNull(drawn, c.getText() + " draws no text");
                        assertEquals(c.getText(), drawn.getText(), "a History cell is cut");
                        javafx.geometry.Bounds b = c.localToScene(c.getLayoutBounds());
                        javafx.geometry.Bounds t = table.localToScene(table.getLayoutBounds());
                        assertTrue(b.getMinX() >= t.getMinX() - 0.5 && b.getMaxX() <= t.getMaxX() + 0.5,
                                c.getText() + " " + b + " is outside the table " + t);
                        return c.getText();
                    }).toList();
            assertTrue(cells.contains("prometheus"), cells.toString());
            assertTrue(cells.contains("⚠ interrupted"), cells.toString());
            assertTrue(cells.size() >= 5 * 6, "every row's cells were checked: " + cells);
            for (Node header : table.lookupAll(".column-header .label")) {
                Labeled l = (Labeled) header;
                assertEquals(l.getText(), ((Text) l.lookup(".text")).getText(), "a column title is cut");
            }
            for (String q : new String[] {"#historyRefresh", "#historyReopen", "#historyCompare", "#historyDelete"}) {
                assertTextWhole(scene, q);
            }
            assertShownWhole(scene, "#historySearch");
            assertShownWhole(scene, "#historyStatus");
            return null;
        });
    }

    @SuppressWarnings("unchecked")
    @Test
    void anAllUnattributedRunsBarIsHatchedAndNamedUnattributed(FxRobot robot) {
        robot.interact(() -> {
            // newest first: A is the Prometheus range
            vm.history().selectedEntries().setAll(vm.history().visibleEntries().subList(0, 2));
            vm.history().compareSelected();
        });
        settle();
        FxThread.call(() -> {
            StackedBarChart<String, Number> bars = (StackedBarChart<String, Number>) scene.lookup("#overlayBreakdown");
            Map<String, StackedBarChart.Series<String, Number>> byName = bars.getData().stream()
                    .collect(Collectors.toMap(StackedBarChart.Series::getName, s -> s));
            assertEquals(List.of("Model weights", "KV cache", "Activations", "Framework overhead", "Unattributed"),
                    bars.getData().stream().map(StackedBarChart.Series::getName).toList());
            StackedBarChart.Data<String, Number> rest = datum(byName.get("Unattributed"), "A measured");
            assertEquals(MemoryUnit.GIB.fromBytes(RANGE_TOTAL), rest.getYValue().doubleValue(), 1e-9,
                    "the whole measured total is unattributed");
            StackedBarChart.Data<String, Number> overhead = datum(byName.get("Framework overhead"), "A measured");
            assertEquals(0.0, overhead.getYValue().doubleValue(), 1e-9, "none of it is framework overhead");

            Paint restFill = fill(rest.getNode());
            assertTrue(hatched(restFill), "unattributed memory is hatched: " + restFill);
            Paint overheadFill = fill(datum(byName.get("Framework overhead"), "B measured").getNode());
            assertFalse(hatched(overheadFill), "framework overhead is not: " + overheadFill);
            List<String> legend = bars.lookupAll(".chart-legend-item").stream().map(n -> ((Labeled) n).getText())
                    .toList();
            assertTrue(legend.contains("Unattributed"), legend.toString());
            Node restSymbol = bars.lookupAll(".chart-legend-item").stream()
                    .filter(n -> "Unattributed".equals(((Labeled) n).getText())).findFirst().orElseThrow()
                    .lookup(".chart-bar");
            assertTrue(hatched(fill(restSymbol)), "the key's swatch is hatched too");
            return null;
        });
    }

    private static StackedBarChart.Data<String, Number> datum(StackedBarChart.Series<String, Number> s, String bar) {
        return s.getData().stream().filter(d -> d.getXValue().equals(bar)).findFirst().orElseThrow();
    }

    /** Stripes: a gradient that repeats (the theme shades solid bars with a gradient that does not). */
    private static boolean hatched(Paint p) {
        return p instanceof LinearGradient g && g.getCycleMethod() == CycleMethod.REPEAT;
    }

    private static Paint fill(Node node) {
        Region region = (Region) node;
        assertNotNull(region.getBackground(), node + " has no background");
        return region.getBackground().getFills().get(0).getFill();
    }
}
