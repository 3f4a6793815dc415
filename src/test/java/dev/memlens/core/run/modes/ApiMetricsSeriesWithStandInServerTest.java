package dev.memlens.core.run.modes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.report.VllmMetricsSeries;
import dev.memlens.core.run.GpuFigures;
import dev.memlens.core.run.ReportParts;
import dev.memlens.testsupport.StandInVllmServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An api run against a real HTTP server whose /metrics change over the run: the report gets the whole series. */
class ApiMetricsSeriesWithStandInServerTest {
    @TempDir
    Path temp;

    @Test
    void everyScrapeIsRecordedOnTheRunsClockAndSummarisedWithThePreemptionsAsMemoryPressure() throws Exception {
        try (StandInVllmServer server = new StandInVllmServer().metricsFrames(StandInVllmServer.recordedMetricsFrames()).start()) {
            RecordingRunContext context = new RecordingRunContext(Map.of(), temp);
            ApiWorkload workload = new ApiWorkload(new ApiConfig(server.baseUrl(), null, null, "Hello", 4, 2, false,
                    false, null, 1, Duration.ofMillis(20), null));

            workload.run(context);
            long endedAt = context.elapsedMillis();
            ReportParts parts = new ReportParts();
            workload.contribute(parts, GpuFigures.none());

            VllmMetricsSeries series = parts.vllmMetrics();
            assertNotNull(series);
            List<VllmMetricsSeries.Point> points = series.points();
            // the requests wait until the server sent all four frames, and ending the poller lets the last finish
            assertTrue(points.size() >= 5, "four frames while the requests wait, one final scrape: " + points);
            assertEquals(List.of(), context.warnings, "ending the poller is no failure of /metrics");
            assertEquals(new VllmMetricsSeries.Point(points.get(0).atMillis(), 0.0, 0.0, 0.0, 0.0), points.get(0));
            assertEquals(new VllmMetricsSeries.Point(points.get(1).atMillis(), 0.62, 3.0, 1.0, 0.0), points.get(1));
            assertEquals(new VllmMetricsSeries.Point(points.get(2).atMillis(), 0.97, 4.0, 2.0, 2.0), points.get(2));
            VllmMetricsSeries.Point last = points.get(points.size() - 1);
            assertEquals(new VllmMetricsSeries.Point(last.atMillis(), 0.31, 1.0, 0.0, 3.0), last);
            for (int i = 1; i < points.size(); i++) {
                assertTrue(points.get(i).atMillis() >= points.get(i - 1).atMillis(), "in time order: " + points);
            }
            assertTrue(points.get(0).atMillis() >= 0 && last.atMillis() <= endedAt, "on the run's clock: " + points);

            VllmMetricsSeries.Summary summary = series.summary();
            assertEquals(0.97, summary.kvUsagePeakFraction());
            assertEquals(4.0, summary.runningPeak());
            assertEquals(2.0, summary.waitingPeak());
            assertEquals(3L, summary.preemptions());
            assertTrue(summary.memoryPressure());
            assertEquals("KV cache peak 97.0 %, running peak 4, waiting peak 2, preemptions 3 (memory pressure: vLLM"
                    + " preempted requests because the KV cache was full)", summary.describe());
            assertEquals(0.97, parts.apiStats().kvCachePeakUsageFraction(), "the older single figure agrees");
        }
    }

    @Test
    void aServerWithoutPreemptionsIsNoMemoryPressure() throws Exception {
        List<String> calm = StandInVllmServer.recordedMetricsFrames().subList(0, 2);
        try (StandInVllmServer server = new StandInVllmServer().metricsFrames(calm).start()) {
            ApiWorkload workload = new ApiWorkload(new ApiConfig(server.baseUrl(), null, null, "Hello", 4, 1, false,
                    false, null, 1, Duration.ofMillis(20), null));
            workload.run(new RecordingRunContext(Map.of(), temp));
            ReportParts parts = new ReportParts();
            workload.contribute(parts, GpuFigures.none());

            VllmMetricsSeries.Summary summary = parts.vllmMetrics().summary();
            assertEquals(0.62, summary.kvUsagePeakFraction());
            assertEquals(0L, summary.preemptions());
            assertFalse(summary.memoryPressure());
        }
    }
}
