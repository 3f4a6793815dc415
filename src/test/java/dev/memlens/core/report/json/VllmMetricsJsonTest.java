package dev.memlens.core.report.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.ReportFormatException;
import dev.memlens.core.report.VllmMetricsSeries;
import java.util.List;
import org.junit.jupiter.api.Test;

class VllmMetricsJsonTest {
    private static final VllmMetricsSeries SERIES = new VllmMetricsSeries(List.of(
            new VllmMetricsSeries.Point(0, 0.0, 0.0, 0.0, 5.0),
            new VllmMetricsSeries.Point(500, 0.97, 4.0, 2.0, 7.0),
            new VllmMetricsSeries.Point(1000, 0.31, null, 0.0, 8.0)), "vLLM /metrics, polled every 500 ms");

    @Test
    void theSeriesSurvivesAWriteAndAReadWithItsSummaryInTheFile() throws Exception {
        String json = ReportWriter.toJsonString(ProfileReport.builder().vllmMetrics(SERIES).build());
        var section = ReportWriter.MAPPER.readTree(json).path("vllm_metrics");
        assertEquals("{\"kv_usage_peak\":0.97,\"running_peak\":4.0,\"waiting_peak\":2.0,\"preemptions\":3,"
                + "\"memory_pressure\":true}", section.path("summary").toString());
        assertEquals("{\"t_ms\":1000,\"kv_usage\":0.31,\"running\":null,\"waiting\":0.0,\"preemptions_total\":8.0}",
                section.path("points").get(2).toString());
        assertEquals("vLLM /metrics, polled every 500 ms", section.path("source").asText());
        assertEquals(SERIES, ReportReader.parse(json, "r.json").vllmMetrics());
    }

    @Test
    void aCounterThatDropsMeansTheEngineRestartedAndItsNewCountAdds() {
        VllmMetricsSeries restarted = new VllmMetricsSeries(List.of(new VllmMetricsSeries.Point(0, null, null, null, 4.0),
                new VllmMetricsSeries.Point(1, null, null, null, 6.0), new VllmMetricsSeries.Point(2, null, null, null, 1.0)));
        assertEquals(3L, restarted.summary().preemptions());
        assertNull(restarted.summary().kvUsagePeakFraction());
        assertEquals("KV cache peak —, running peak —, waiting peak —, preemptions 3 (memory pressure: vLLM preempted"
                + " requests because the KV cache was full)", restarted.summary().describe());
    }

    @Test
    void aReportWithoutTheSectionHasNoSeriesAndABadPointNamesTheField() throws Exception {
        var root = ReportWriter.toJson(ProfileReport.builder().build());
        assertNull(ReportReader.parse(root.toString(), "seed.json").vllmMetrics());
        root.set("vllm_metrics", ReportWriter.MAPPER.readTree("{\"points\": [{\"t_ms\": 0}, {\"kv_usage\": \"high\"}]}"));
        ReportFormatException error = assertThrows(ReportFormatException.class,
                () -> ReportReader.parse(root.toString(), "r.json"));
        assertEquals("r.json: field 'vllm_metrics.points[1].t_ms': is missing. Correct the value in the file or"
                + " re-export the report.", error.getMessage());
    }
}
