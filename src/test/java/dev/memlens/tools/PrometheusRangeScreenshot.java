package dev.memlens.tools;

import dev.memlens.app.MemLensApp;
import dev.memlens.app.main.MainViewModel;
import dev.memlens.app.main.PrometheusRangeRequest;
import dev.memlens.app.task.FxTaskExecutor;
import dev.memlens.core.report.RunMode;
import dev.memlens.core.report.library.RunLibrary;
import dev.memlens.core.sample.SampleReports;
import dev.memlens.core.settings.RecentFiles;
import dev.memlens.testsupport.ExporterScrapes;
import dev.memlens.testsupport.RealPrometheus;
import dev.memlens.testsupport.StandInExporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;

/**
 * {@code prometheus-range-*.png} and {@code prometheus-overlay-*.png} at 1280×720 and 1920×1080: "Open Prometheus range…" against
 * Debian's real Prometheus scraping the stand-in exporter (recorded dcgm-exporter text, used memory from a real H200
 * run), shown in Results, then saved and overlaid in History with the bundled local run. Run under a display:
 * {@code xvfb-run -a -s "-screen 0 1920x1080x24" java -cp ... dev.memlens.tools.PrometheusRangeScreenshot docs/screenshots}.
 */
public final class PrometheusRangeScreenshot {
    private static final List<Long> DCGM_USED_MIB = List.of(0L, 1551L, 1643L, 2667L, 3691L, 7787L, 4715L, 5739L,
            1643L);

    private PrometheusRangeScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        Files.createDirectories(out);
        int exit = 0;
        try (StandInExporter exporter = new StandInExporter(Map.of("/dcgm/metrics",
                ExporterScrapes.dcgmL40s(DCGM_USED_MIB)));
             RealPrometheus prometheus = RealPrometheus.start(List.of(new RealPrometheus.Job("dcgm", exporter.port(),
                     "/dcgm/metrics")), null)) {
            prometheus.await(Duration.ofSeconds(90), () ->
                    prometheus.storedSamples("DCGM_FI_DEV_FB_USED") > DCGM_USED_MIB.size(), "done scraping");
            CountDownLatch started = new CountDownLatch(1);
            Platform.startup(started::countDown);
            started.await();
            for (int[] size : new int[][] {{1280, 720}, {1920, 1080}}) {
                render(out, prometheus.url(), size[0], size[1]);
            }
        } catch (Exception e) {
            e.printStackTrace();
            exit = 1;
        }
        Platform.exit();
        System.exit(exit);
    }

    private static void render(Path out, String url, int width, int height) throws Exception {
        String suffix = "-" + width + "x" + height + ".png";
        Path tmp = Files.createTempDirectory("memlens-prometheus-shot");
        // a user's home in a temp folder, as AppScreenshots does: History shows ~/.local/share/memlens/runs
        Path home = Files.createDirectories(tmp.resolve("home"));
        System.setProperty("user.home", home.toString());
        FxTaskExecutor executor = new FxTaskExecutor();
        RunLibrary runs = new RunLibrary(Files.createDirectories(
                dev.memlens.core.settings.AppDirectories.from(Map.of(), home).runsDir()));
        CompletableFuture<Object[]> built = new CompletableFuture<>();
        Platform.runLater(() -> {
            MainViewModel main = new MainViewModel(executor, new RecentFiles(tmp.resolve("recent.txt")), runs);
            Scene scene = MemLensApp.createScene(main);
            Stage stage = new Stage();
            stage.setScene(scene);
            stage.setWidth(width);
            stage.setHeight(height);
            stage.show();
            built.complete(new Object[] {scene, main, stage});
        });
        Object[] parts = built.get(30, TimeUnit.SECONDS);
        Scene scene = (Scene) parts[0];
        MainViewModel main = (MainViewModel) parts[1];
        TabPane tabs = (TabPane) scene.lookup("#mainTabs");
        WorkbenchScreenshots.onFx(() -> main.openPrometheusRange(new PrometheusRangeRequest(url, "-10m", "now",
                "{job=\"dcgm\"}", ""), Map.of()));
        WorkbenchScreenshots.waitUntil(() -> main.results().reportProperty().get() != null
                && main.results().reportProperty().get().mode() == RunMode.PROMETHEUS);
        WorkbenchScreenshots.onFx(() -> tabs.getSelectionModel().select(0));
        WorkbenchScreenshots.snapshot(scene, out.resolve("prometheus-range" + suffix));

        WorkbenchScreenshots.onFx(main::saveToHistory);
        WorkbenchScreenshots.onFx(() -> main.history().save(SampleReports.bundledH200Run()));
        WorkbenchScreenshots.waitUntil(() -> main.history().entries().size() == 2);
        WorkbenchScreenshots.onFx(() -> {
            tabs.getSelectionModel().select(1);
            main.history().selectedEntries().setAll(main.history().entries());
            main.history().compareSelected();
        });
        WorkbenchScreenshots.waitUntil(() -> main.history().overlayProperty().get() != null);
        WorkbenchScreenshots.snapshot(scene, out.resolve("prometheus-overlay" + suffix));
        WorkbenchScreenshots.onFx(() -> ((Stage) parts[2]).hide());
        executor.shutdown();
    }
}
