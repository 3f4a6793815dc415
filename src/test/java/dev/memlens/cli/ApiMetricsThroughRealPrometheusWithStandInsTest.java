package dev.memlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memlens.core.settings.AppDirectories;
import dev.memlens.testsupport.ExporterScrapes;
import dev.memlens.testsupport.RealPrometheus;
import dev.memlens.testsupport.StandInExporter;
import dev.memlens.testsupport.StandInVllmServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code memlens api --prometheus URL}: Debian's real Prometheus scrapes a stand-in vLLM server that serves four
 * recorded /metrics scrapes once the requests start, and a stand-in dcgm-exporter; the report's {@code vllm_metrics}
 * are the scrapes Prometheus stored over the run, on the session's clock, and the GPU timeline comes from the same
 * server's dcgm series.
 */
class ApiMetricsThroughRealPrometheusWithStandInsTest {
    @TempDir
    Path dir;

    private record Run(String out, String err, JsonNode report, String prometheusUrl, int serverPort) {
    }

    private Run api(Duration scrapeInterval) throws Exception {
        RealPrometheus.assumeInstalled();
        Path output = dir.resolve("report.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (StandInVllmServer server = new StandInVllmServer().models("m")
                .metricsFramesFromFirstRequest(StandInVllmServer.recordedMetricsFrames()).start();
             StandInExporter exporter = new StandInExporter(Map.of("/dcgm/metrics",
                     ExporterScrapes.dcgmL40s(List.of(1551L, 1643L))));
             RealPrometheus prometheus = RealPrometheus.start(List.of(
                     new RealPrometheus.Job("dcgm", exporter.port(), "/dcgm/metrics"),
                     new RealPrometheus.Job("vllm", server.port(), "/metrics")), null, scrapeInterval)) {
            // the GPU baseline is the latest stored dcgm sample: one must be there before the run starts
            prometheus.await(Duration.ofSeconds(90), () -> prometheus.storedSamples("DCGM_FI_DEV_FB_USED") > 0
                    && prometheus.storedSamples("vllm:num_requests_running") > 0, "scraping both stand-ins");
            ApiCommand command = new ApiCommand();
            command.run.environment = Map.of();
            command.run.directories = AppDirectories.from(Map.of(), dir.resolve("home"));
            int exit = new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(
                    "--api-url", server.baseUrl(), "--model", "m", "--max-tokens", "4", "--batch-size", "2",
                    "--prometheus", prometheus.url(), "--metrics-interval-ms", "250",
                    "--runs-dir", dir.resolve("runs").toString(), "-o", output.toString());
            assertEquals(ExitCodes.OK, exit, out + "\n" + err);
            return new Run(out.toString(), err.toString(), new ObjectMapper().readTree(output.toFile()),
                    prometheus.url(), server.port());
        }
    }

    @Test
    void theReportHoldsEveryScrapePrometheusStoredOverTheRun() throws Exception {
        Run run = api(Duration.ofSeconds(1));
        assertTrue(run.out().contains(", every stored scrape): KV cache peak 97.0 %, running peak 4, waiting peak 2,"
                + " preemptions 3 (memory pressure: vLLM preempted requests because the KV cache was full)"), run.out());
        JsonNode section = run.report().path("vllm_metrics");
        assertEquals("{\"kv_usage_peak\":0.97,\"running_peak\":4.0,\"waiting_peak\":2.0,\"preemptions\":3,"
                + "\"memory_pressure\":true}", section.path("summary").toString());
        // the server's series were picked by the scrape target named after --api-url
        String source = section.path("source").asText();
        assertTrue(source.startsWith("Prometheus " + run.prometheusUrl() + " {__name__=~\"vllm:kv_cache_usage_perc|"),
                source);
        assertTrue(source.endsWith(",instance=\"127.0.0.1:" + run.serverPort() + "\"}, every stored scrape"), source);
        long duration = run.report().path("duration_ms").asLong();
        List<Double> kv = new ArrayList<>();
        for (JsonNode p : section.path("points")) {
            long t = p.path("t_ms").asLong();
            assertTrue(t >= 0 && t <= duration, "a scrape outside the run's clock: " + p + ", duration " + duration);
            double v = p.path("kv_usage").asDouble();
            if (kv.isEmpty() || kv.get(kv.size() - 1) != v) {
                kv.add(v); // consecutive scrapes of one frame (the idle frame 0 before the requests, the last repeated)
            }
        }
        // the four recorded frames in order: each was scraped once after the requests began, none was lost
        assertEquals(List.of(0.0, 0.62, 0.97, 0.31), kv, section.toString());
        JsonNode sampling = run.report().path("sampling");
        assertEquals("Prometheus (" + run.prometheusUrl() + ")", sampling.path("tool").asText(), sampling.toString());
        assertEquals("ok", sampling.path("status").asText(), "the final GPU reading is the newest stored sample: "
                + sampling);
        assertTrue(run.report().path("gpu_timeline").get(0).path("elapsed_ms").size() > 0, "GPU samples alongside");
        assertTrue(!run.err().contains("scrape_interval"), "a 1 s scrape interval keeps the promise: " + run.err());
    }

    @Test
    void aScrapeIntervalLongerThanASecondIsNamedWithTheFix() throws Exception {
        Run run = api(Duration.ofSeconds(2));
        assertTrue(run.err().contains("memlens: Prometheus stored vLLM's metrics every "), run.err());
        assertTrue(run.err().contains(" ms: set scrape_interval: 1s for the server's job so the series has a point"
                + " at least every second"), run.err());
        assertEquals("{\"kv_usage_peak\":0.97,\"running_peak\":4.0,\"waiting_peak\":2.0,\"preemptions\":3,"
                + "\"memory_pressure\":true}", run.report().path("vllm_metrics").path("summary").toString(),
                "every frame is still recorded");
    }
}
