package dev.memlens.core.vllm.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.memlens.core.prometheus.PrometheusException;
import dev.memlens.core.prometheus.PrometheusSeries;
import dev.memlens.testsupport.ExpositionLines;
import dev.memlens.testsupport.StandInVllmServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** vLLM's series as Prometheus stores them, grouped back into scrapes by the same rule as /metrics text. */
class PrometheusVllmSeriesTest {
    private static final List<String> FRAMES = StandInVllmServer.recordedMetricsFrames();

    @Test
    void storedSamplesGroupIntoTheScrapesTheyCameFromWithTheSameSnapshotAsTheText() {
        List<PrometheusSeries> stored = new ArrayList<>();
        for (int i = 0; i < FRAMES.size(); i++) {
            stored.addAll(ExpositionLines.scrape(FRAMES.get(i), 1_000L * (i + 1), "vllm"));
        }
        List<PrometheusVllmSeries.Scrape> scrapes = PrometheusVllmSeries.join(stored);
        assertEquals(List.of(1000L, 2000L, 3000L, 4000L), scrapes.stream().map(PrometheusVllmSeries.Scrape::epochMillis)
                .toList());
        for (int i = 0; i < FRAMES.size(); i++) {
            VllmMetricsSnapshot fromText = MetricsParser.parse(FRAMES.get(i));
            VllmMetricsSnapshot fromPrometheus = scrapes.get(i).snapshot();
            assertEquals(fromText.kvCacheUsageFraction(), fromPrometheus.kvCacheUsageFraction());
            assertEquals(fromText.runningRequests(), fromPrometheus.runningRequests());
            assertEquals(fromText.waitingRequests(), fromPrometheus.waitingRequests());
            assertEquals(fromText.preemptionsTotal(), fromPrometheus.preemptionsTotal());
            assertEquals(fromText.numGpuBlocks(), fromPrometheus.numGpuBlocks());
        }
        assertEquals(0.97, scrapes.get(2).snapshot().kvCacheUsageFraction());
        assertEquals(152340L, scrapes.get(3).snapshot().numGpuBlocks().getAsLong());
    }

    @Test
    void twoEnginesOfOneScrapeAreSummedAndTheirKvUsageAveraged() {
        String engine1 = FRAMES.get(2).replace("engine=\"0\"", "engine=\"1\"");
        List<PrometheusSeries> stored = new ArrayList<>(ExpositionLines.scrape(FRAMES.get(2), 5000, "vllm"));
        stored.addAll(ExpositionLines.scrape(engine1.replace("vllm:kv_cache_usage_perc{engine=\"1\","
                + "model_name=\"Qwen/Qwen2.5-0.5B-Instruct\"} 0.97", "vllm:kv_cache_usage_perc{engine=\"1\","
                + "model_name=\"Qwen/Qwen2.5-0.5B-Instruct\"} 0.5"), 5000, "vllm"));
        VllmMetricsSnapshot both = PrometheusVllmSeries.join(stored).get(0).snapshot();
        assertEquals(8.0, both.runningRequests());
        assertEquals(4.0, both.waitingRequests());
        assertEquals((0.97 + 0.5) / 2, both.kvCacheUsageFraction(), 1e-12);
        assertEquals(4.0, both.preemptionsTotal());
    }

    @Test
    void theDefaultSelectorIsTheScrapeTargetNamedAfterTheServersUrl() throws Exception {
        assertEquals("{instance=\"10.0.0.5:8000\"}", PrometheusVllmSeries.instanceMatch("http://10.0.0.5:8000"));
        assertEquals("{instance=\"vllm.example:443\"}", PrometheusVllmSeries.instanceMatch("https://vllm.example/"));
        assertEquals("{__name__=~\"vllm:kv_cache_usage_perc|vllm:gpu_cache_usage_perc|vllm:num_requests_running|"
                + "vllm:num_requests_waiting|vllm:num_preemptions_total|vllm:cache_config_info\",job=\"vllm\"}",
                PrometheusVllmSeries.selector("{job=\"vllm\"}"));
        PrometheusException bad = assertThrows(PrometheusException.class,
                () -> PrometheusVllmSeries.selector("vllm:num_requests_running"));
        assertEquals("--vllm-match vllm:num_requests_running is not a list of label matchers: give e.g."
                + " '{Hostname=\"gpu-node-1\"}' or '{pod=~\"vllm-.*\"}' (metric names are chosen by MemLens)",
                bad.getMessage());
    }
}
