package dev.memlens.app.main;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memlens.app.MemLensApp;
import dev.memlens.app.task.SameThreadTaskExecutor;
import dev.memlens.core.report.GpuTimeline;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.json.ReportReader;
import dev.memlens.core.report.export.TimelineCsvWriter;
import dev.memlens.core.report.library.RunLibrary;
import dev.memlens.core.report.json.ReportWriter;
import dev.memlens.core.settings.RecentFiles;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** Headless: the open sample with calculator values typed in, exported in every format, each file validated. */
@ExtendWith(ApplicationExtension.class)
class ExportFromWindowFxTest {
    @TempDir
    Path dir;
    private MainViewModel vm;
    private MainView view;

    @Start
    void start(Stage stage) {
        vm = new MainViewModel(new SameThreadTaskExecutor(), new RecentFiles(dir.resolve("recent.txt")),
                new RunLibrary(dir.resolve("runs")));
        stage.setScene(MemLensApp.createScene(vm));
        view = (MainView) stage.getScene().getRoot();
        stage.show();
        vm.openSample();
    }

    private void typeCalculatorValues(FxRobot robot) {
        robot.clickOn("#unitGb");
        robot.clickOn("#calcWeights").write("13.48");
        robot.clickOn("#calcKv").write("2.15");
        robot.clickOn("#calcActivations").write("0.27");
        robot.clickOn("#calcOverhead").write("4.9");
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theExportMenuOffersEveryFormatWithShortcuts(FxRobot robot) {
        MenuBar bar = robot.lookup(".menu-bar").queryAs(MenuBar.class);
        List<MenuItem> export = bar.getMenus().get(0).getItems().stream().filter(i -> "menuExport".equals(i.getId()))
                .flatMap(i -> ((javafx.scene.control.Menu) i).getItems().stream()).toList();
        assertEquals(List.of("JSON report…", "HTML report…", "Timeline CSV…", "Timeline chart PNG…", "Breakdown chart PNG…"),
                export.stream().map(MenuItem::getText).toList());
        assertEquals(KeyCombination.keyCombination("Shortcut+Shift+E"), export.get(1).getAccelerator());
    }

    @Test
    void jsonParsesAndReadsBackWithTheTypedValues(FxRobot robot) throws Exception {
        typeCalculatorValues(robot);
        Path file = dir.resolve("out/report.json");
        Files.createDirectories(file.getParent());
        robot.interact(() -> vm.exportJson(file));
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals("memlens-1", json.get("schema_version").asText());
        ProfileReport back = ReportReader.read(file);
        assertEquals(13_480_000_000L, back.calculator().components().values().iterator().next());
        assertEquals(vm.results().reportProperty().get().timeline(), back.timeline());
        assertTrue(json.get("comparison").get("pass").asBoolean());
    }

    @Test
    void csvHasOneRowPerTimelineSample(FxRobot robot) throws Exception {
        Path file = dir.resolve("timeline.csv");
        robot.interact(() -> vm.exportTimelineCsv(file));
        List<String> lines = Files.readAllLines(file);
        int samples = vm.results().reportProperty().get().timeline().stream().mapToInt(GpuTimeline::size).sum();
        assertTrue(samples > 100);
        assertEquals(TimelineCsvWriter.HEADER, lines.get(1), "memlens sample CSV: its magic line, then the header");
        assertEquals(samples, lines.size() - 2);
        assertEquals(samples, dev.memlens.core.gpu.trace.TraceSummary.of(new dev.memlens.core.gpu.trace.TraceReader()
                .read(file)).gpus().stream().mapToInt(g -> g.samples()).sum(), "memlens trace reads it back");
    }

    @Test
    void anApiRunsCsvExportWritesItsVllmMetricsSeriesBesideTheTimeline(FxRobot robot) throws Exception {
        Path report = dir.resolve("api-run.json");
        ReportWriter.write(vm.results().reportProperty().get().toBuilder().vllmMetrics(
                new dev.memlens.core.report.VllmMetricsSeries(List.of(
                        new dev.memlens.core.report.VllmMetricsSeries.Point(0, 0.0, 0.0, 0.0, 0.0),
                        new dev.memlens.core.report.VllmMetricsSeries.Point(500, 0.97, 4.0, 2.0, 2.0)))).build(),
                null, report);
        robot.interact(() -> vm.open(report));
        Path file = dir.resolve("api-timeline.csv");
        robot.interact(() -> vm.exportTimelineCsv(file));
        Path metrics = dir.resolve("api-timeline-vllm-metrics.csv");
        assertTrue(robot.lookup("#statusLine").queryLabeled().getText().endsWith("and vLLM's /metrics to " + metrics));
        long start = vm.results().reportProperty().get().startedAt().toEpochMilli();
        assertEquals(List.of(dev.memlens.core.report.export.VllmMetricsCsvWriter.HEADER, start + ",0,0,0,0,0",
                (start + 500) + ",500,0.97,4,2,2"), Files.readAllLines(metrics));
    }

    @Test
    void htmlHasTheComparisonTableAndTheChartsInTheWindowsUnit(FxRobot robot) throws Exception {
        typeCalculatorValues(robot);
        Path file = dir.resolve("report.html");
        robot.interact(() -> vm.exportHtml(file));
        assertTrue(robot.lookup("#statusLine").queryLabeled().getText().startsWith("Exported the HTML report"));
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(Files.readAllBytes(file)));
        var xpath = XPathFactory.newInstance().newXPath();
        NodeList rows = (NodeList) xpath.evaluate("//table[@id='comparison']/tbody/tr", doc, XPathConstants.NODESET);
        assertEquals(5, rows.getLength());
        assertEquals("Measured (GB)", xpath.evaluate("//table[@id='comparison']/thead/tr/th[2]", doc).trim());
        assertEquals(2, ((NodeList) xpath.evaluate("//svg", doc, XPathConstants.NODESET)).getLength());
        assertEquals(1, ((NodeList) xpath.evaluate("//svg//polyline", doc, XPathConstants.NODESET)).getLength());
    }

    @Test
    void chartPngsAreImages(FxRobot robot) throws Exception {
        Path file = dir.resolve("timeline.png");
        robot.interact(() -> {
            try {
                vm.exportPng(file, MainView.png(view.resultsView().timelineChart()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        byte[] head = Arrays.copyOf(Files.readAllBytes(file), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head);
        assertTrue(javax.imageio.ImageIO.read(file.toFile()).getWidth() > 200);
    }
}
