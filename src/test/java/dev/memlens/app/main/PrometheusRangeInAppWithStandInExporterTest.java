package dev.memlens.app.main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.app.history.RunOverlay;
import dev.memlens.app.results.RunSummary;
import dev.memlens.app.task.SameThreadTaskExecutor;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.GpuDevice;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunMode;
import dev.memlens.core.report.library.RunLibrary;
import dev.memlens.core.report.library.RunSummaryEntry;
import dev.memlens.core.sample.SampleReports;
import dev.memlens.core.settings.RecentFiles;
import dev.memlens.core.units.Bytes;
import dev.memlens.core.units.MemoryUnit;
import dev.memlens.testsupport.ExporterScrapes;
import dev.memlens.testsupport.RealPrometheus;
import dev.memlens.testsupport.StandInExporter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app's "Open Prometheus range…" against Debian's real Prometheus scraping a stand-in exporter that serves a
 * recorded real dcgm-exporter text every second (used memory scripted from a real H200 run): the range opens in
 * Results as a run measured by the GPU sampler from Prometheus, is saved to the run library, and History overlays
 * it with a local run.
 */
class PrometheusRangeInAppWithStandInExporterTest {
    /** MiB levels of gpu/real/memlens-sample-h200-torch-1gib-steps.csv, then a drop (as the trace test). */
    private static final List<Long> DCGM_USED_MIB = List.of(0L, 1551L, 1643L, 2667L, 3691L, 7787L, 4715L, 5739L,
            1643L);
    private static StandInExporter exporter;
    private static RealPrometheus prometheus;
    @TempDir
    Path dir;

    @BeforeAll
    static void startServers() throws Exception {
        RealPrometheus.assumeInstalled();
        exporter = new StandInExporter(Map.of("/dcgm/metrics", ExporterScrapes.dcgmL40s(DCGM_USED_MIB)));
        prometheus = RealPrometheus.start(List.of(new RealPrometheus.Job("dcgm", exporter.port(), "/dcgm/metrics")),
                null);
        prometheus.await(Duration.ofSeconds(90), () ->
                prometheus.storedSamples("DCGM_FI_DEV_FB_USED") > DCGM_USED_MIB.size(), "done scraping");
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        if (exporter != null) {
            exporter.close();
        }
    }

    private MainViewModel window() {
        return new MainViewModel(new SameThreadTaskExecutor(), new RecentFiles(dir.resolve("recent.txt")),
                new RunLibrary(dir.resolve("runs")));
    }

    @Test
    void aRangeOpensAsAMeasuredRunIsSavedAndOverlaidWithALocalRun() throws Exception {
        MainViewModel main = window();
        main.openPrometheusRange(new PrometheusRangeRequest(prometheus.url(), "-10m", "now", "{job=\"dcgm\"}", ""),
                Map.of());
        assertNull(main.errorProperty().get(), () -> main.errorProperty().get().message());
        ProfileReport r = main.results().reportProperty().get();
        assertEquals(RunMode.PROMETHEUS, r.mode());
        assertEquals(1, r.gpus().devices().size());
        GpuDevice l40s = r.gpus().devices().get(0);
        assertEquals("GPU-5b4e07f6-3a86-4340-039d-25f2a83cdc43", l40s.uuid());
        assertEquals(Collections.max(DCGM_USED_MIB) * Bytes.MIB, l40s.peakUsedBytes(), "the exact raw peak");
        assertEquals(0L, l40s.baselineUsedBytes());
        assertEquals(ExporterScrapes.L40S_TOTAL_MIB * Bytes.MIB, l40s.totalBytes());
        assertEquals(7787 * Bytes.MIB, r.account().totalBytes());
        assertEquals(FigureSource.GPU_SAMPLER, r.account().totalSource());
        assertTrue(r.timeline().get(0).size() > DCGM_USED_MIB.size(), "every raw sample is in the timeline");
        assertTrue(r.model().name().endsWith("on gpu1-wl8sg"), r.model().name());
        RunSummary summary = RunSummary.of(r, MemoryUnit.GIB);
        assertTrue(summary.engine().startsWith("GPU samples from prometheus " + prometheus.url()), summary.engine());
        assertTrue(summary.engine().contains("dcgm-exporter") && summary.engine().endsWith("{job=\"dcgm\"}"),
                summary.engine());
        assertTrue(main.statusProperty().get().startsWith("Showing 1 GPU(s) from Prometheus"),
                main.statusProperty().get());

        main.saveToHistory();
        main.history().save(SampleReports.bundledH200Run()); // a local run beside it
        main.history().refresh();
        List<RunSummaryEntry> entries = main.history().entries();
        assertEquals(2, entries.size(), entries.toString());
        RunSummaryEntry saved = entries.stream().filter(e -> "prometheus".equals(e.mode())).findFirst().orElseThrow();
        assertEquals(r.account().totalBytes(), new RunLibrary(dir.resolve("runs")).open(saved).account().totalBytes(),
                "read back from the library as it was measured");
        main.history().selectedEntries().setAll(entries);
        main.history().compareSelected();
        RunOverlay overlay = main.history().overlayProperty().get();
        assertNotNull(overlay, "History overlays the Prometheus range with the local run");
        assertTrue(List.of(overlay.first().mode(), overlay.second().mode()).contains(RunMode.PROMETHEUS));
    }

    @Test
    void aTokenVariableIsANameReadFromTheEnvironmentNeverTheToken() {
        MainViewModel main = window();
        main.openPrometheusRange(new PrometheusRangeRequest(prometheus.url(), "-10m", "now", null, "MY_PROM_TOKEN"),
                Map.of());
        assertEquals("Cannot read the Prometheus range", main.errorProperty().get().title());
        assertTrue(main.errorProperty().get().message().contains("MY_PROM_TOKEN is not set"),
                main.errorProperty().get().message());
        main.errorProperty().set(null);
        main.openPrometheusRange(new PrometheusRangeRequest(prometheus.url(), "-10m", "now", null, "abc.def-ghi"),
                Map.of());
        assertTrue(main.errorProperty().get().message().contains("is not an environment variable's name"),
                main.errorProperty().get().message());
        main.errorProperty().set(null);
        // Prometheus here asks for no credentials: a token sent from the named variable is simply accepted
        main.openPrometheusRange(new PrometheusRangeRequest(prometheus.url(), "-10m", "now", "{job=\"dcgm\"}",
                "MY_PROM_TOKEN"), Map.of("MY_PROM_TOKEN", "s3cret"));
        assertNull(main.errorProperty().get());
        ProfileReport r = main.results().reportProperty().get();
        assertTrue(!r.engine().samplerTool().contains("s3cret"), "the token is never in the report");
    }

    @Test
    void anEmptyRangeSaysWhatToCheck() {
        MainViewModel main = window();
        main.openPrometheusRange(new PrometheusRangeRequest(prometheus.url(), "2020-01-01T00:00:00Z",
                "2020-01-01T01:00:00Z", null, ""), Map.of());
        assertTrue(main.errorProperty().get().message().contains("has no GPU memory series between"),
                main.errorProperty().get().message());
        assertNull(main.results().reportProperty().get());
    }
}
