package dev.memlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.app.MemLensApp;
import dev.memlens.app.main.MainView;
import dev.memlens.app.main.MainViewModel;
import dev.memlens.app.results.AccountTableRow;
import dev.memlens.app.task.SameThreadTaskExecutor;
import dev.memlens.core.report.AccountItem;
import dev.memlens.core.report.HumanNames;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.report.PhaseMark;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.export.HtmlReportWriter;
import dev.memlens.core.report.json.ReportReader;
import dev.memlens.core.report.json.ReportWriter;
import dev.memlens.core.report.library.RunLibrary;
import dev.memlens.core.run.SessionOutcome;
import dev.memlens.core.settings.RecentFiles;
import dev.memlens.core.units.MemoryUnit;
import dev.memlens.testutil.Resources;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * One saved report in the app (Results table, timeline phases, Latency tab), the CLI (run summary, compare
 * --show-breakdown) and the HTML report: every component, phase and statistic carries the same human name, the one
 * {@link HumanNames} gives, and no raw key ({@code kv-allocation}, {@code Model Weights}) shows anywhere.
 */
@ExtendWith(ApplicationExtension.class)
class SameNamesEverywhereFxTest {
    @TempDir
    static Path dir;
    private static final List<String> PHASE_TAGS = List.of("loading", "kv-allocation", "cuda-graphs", "warmup");
    private MainViewModel vm;
    private Scene scene;
    private ProfileReport report;
    private Path saved;

    @Start
    void start(Stage stage) throws Exception {
        // a recorded v3 run (account, timeline, latency), saved by MemLens with the phases of a vLLM start
        ProfileReport recorded = ReportReader.read(Resources.path("report/v3-timeline.json"));
        saved = dir.resolve("named.json");
        List<PhaseMark> phases = new ArrayList<>();
        for (int i = 0; i < PHASE_TAGS.size(); i++) {
            phases.add(new PhaseMark(PHASE_TAGS.get(i), i * 100L));
        }
        ReportWriter.write(recorded.toBuilder().sourceShape(ProfileReport.SHAPE_MEMLENS).phases(phases).build(), null,
                saved);
        report = ReportReader.read(saved);
        vm = new MainViewModel(new SameThreadTaskExecutor(), new RecentFiles(dir.resolve("recent.txt")),
                new RunLibrary(dir.resolve("runs")));
        scene = MemLensApp.createScene(vm);
        stage.setScene(scene);
        stage.setWidth(1600);
        stage.setHeight(1000);
        stage.show();
        vm.open(saved);
    }

    @Test
    @SuppressWarnings("unchecked")
    void componentsPhasesAndStatisticsHaveTheSameNamesInTheAppTheCliAndTheHtml(FxRobot robot) {
        List<String> components = new ArrayList<>();
        report.account().items().stream().map(AccountItem::component).forEach(c -> components.add(c.displayName()));
        for (MemoryComponent c : MemoryComponent.values()) {
            components.add(HumanNames.component(c));
        }
        assertTrue(components.contains("Model weights") && components.contains("KV cache"), components.toString());
        List<String> phases = PHASE_TAGS.stream().map(HumanNames::phase).toList();
        assertEquals(List.of("Loading", "KV allocation", "CUDA graphs", "Warm-up"), phases);
        List<String> statistics = new ArrayList<>(List.of(HumanNames.MEAN));
        report.latency().percentiles().keySet().forEach(k -> statistics.add(HumanNames.percentile(k)));
        assertEquals(List.of("Mean", "p50", "p90", "p99"), statistics);

        // the app: the Results table, the timeline's phase bands, the Latency tab's columns
        Set<String> appNames = new TreeSet<>();
        vm.results().accountTable().forEach(r -> appNames.add(r.component().trim()));
        vm.results().accountTable().stream().filter(AccountTableRow::total).forEach(r -> assertEquals(HumanNames.TOTAL,
                r.component()));
        robot.lookup(".phase-hover-strip").queryAll().forEach(strip -> appNames.add(tooltip(strip)));
        robot.interact(() -> ((MainView) scene.getRoot()).resultsView().lowerTabs().getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> latency = robot.lookup("#latencyTable").queryAs(TableView.class);
        latency.getColumns().forEach(c -> appNames.add(((TableColumn<?, ?>) c).getText()));
        for (String name : report.account().items().stream().map(i -> i.component().displayName()).toList()) {
            assertTrue(appNames.contains(name), name + " in the app's " + appNames);
        }
        for (String name : concat(phases, statistics)) {
            assertTrue(appNames.contains(name), name + " in the app's " + appNames);
        }

        // the CLI: the run summary and compare --show-breakdown
        StringWriter summary = new StringWriter();
        RunCommandSupport.printSummary(new SessionOutcome(report, saved, null), new PrintWriter(summary));
        String cli = summary + CompareCommandTest.run("compare", saved.toString(), "--show-breakdown").out();
        for (String name : report.account().items().stream().map(i -> i.component().displayName()).toList()) {
            assertTrue(cli.contains(name), name + " in\n" + cli);
        }
        assertTrue(cli.contains("Latency: " + HumanNames.MEAN + " ") && cli.contains(", p99 "), cli);
        for (String tag : PHASE_TAGS) {
            assertEquals(HumanNames.phase(tag), dev.memlens.core.run.RunPhase.valueOf(
                    tag.toUpperCase(java.util.Locale.ROOT).replace('-', '_')).label(), "the CLI's progress line");
        }

        // the HTML report
        String html = HtmlReportWriter.toHtml(report, MemoryUnit.GIB);
        for (String name : concat(report.account().items().stream().map(i -> i.component().displayName()).toList(),
                statistics)) {
            assertTrue(html.contains(">" + name + "<"), name + " in the HTML");
        }
        for (String name : phases) {
            assertTrue(html.contains(">" + name), name + " in the HTML's timeline");
        }
        for (String raw : List.of(">kv-allocation<", ">cuda-graphs<", ">warmup<", "Model Weights", "KV Cache")) {
            assertFalse(html.contains(raw) || cli.contains(raw) || appNames.contains(raw.replaceAll("[<>]", "")),
                    raw + " shows somewhere");
        }
    }

    private static String tooltip(Node strip) {
        Object t = strip.getProperties().get("javafx.scene.control.Tooltip");
        return t instanceof Tooltip tip ? tip.getText() : "";
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
