package dev.memlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memlens.core.settings.AppDirectories;
import dev.memlens.testsupport.StandInExecutables;
import dev.memlens.testsupport.StandInVllmServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `memlens api` against a real HTTP server whose /metrics change over the run, with a stand-in nvidia-smi: the saved
 * report holds the /metrics series on the GPU timeline's clock and the summary says the run was under memory pressure.
 */
class ApiMetricsSeriesCliWithStandInsTest {
    @TempDir
    Path dir;

    @Test
    void theReportAndTheSummaryCarryTheMetricsSeries() throws Exception {
        StandInExecutables bin = new StandInExecutables(dir);
        bin.install("/gpu/standins/nvidia-smi", "nvidia-smi");
        Map<String, String> env = new HashMap<>(bin.environment());
        env.put("STANDIN_STATE", dir.toString());
        Path output = dir.resolve("report.json");
        try (StandInVllmServer server = new StandInVllmServer().models("m").metricsFrames(StandInVllmServer.recordedMetricsFrames()).start()) {
            ApiCommand command = new ApiCommand();
            command.run.environment = env;
            command.run.directories = AppDirectories.from(Map.of(), dir.resolve("home"));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(
                    "--api-url", server.baseUrl(), "--model", "m", "--max-tokens", "4", "--batch-size", "2",
                    "--metrics-interval-ms", "20", "--interval-ms", "20", "--runs-dir", dir.resolve("runs").toString(),
                    "-o", output.toString());
            assertEquals(ExitCodes.OK, exit, out + "\n" + err);
            assertTrue(out.toString().contains("scrapes, vLLM /metrics, polled every 20 ms): KV cache peak 97.0 %, running peak 4, waiting peak 2,"
                    + " preemptions 3 (memory pressure: vLLM preempted requests because the KV cache was full)"), out.toString());
        }
        JsonNode report = new ObjectMapper().readTree(output.toFile());
        JsonNode section = report.path("vllm_metrics");
        assertEquals("{\"kv_usage_peak\":0.97,\"running_peak\":4.0,\"waiting_peak\":2.0,\"preemptions\":3,"
                + "\"memory_pressure\":true}", section.path("summary").toString());
        assertEquals("vLLM /metrics, polled every 20 ms", section.path("source").asText());
        long duration = report.path("duration_ms").asLong();
        for (JsonNode p : section.path("points")) {
            long t = p.path("t_ms").asLong();
            assertTrue(t >= 0 && t <= duration, "a scrape outside the run's clock: " + p + ", duration " + duration);
        }
        assertTrue(report.path("gpu_timeline").get(0).path("elapsed_ms").size() > 0, "GPU samples alongside");
    }
}
