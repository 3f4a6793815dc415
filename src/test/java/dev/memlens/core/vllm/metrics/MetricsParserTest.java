package dev.memlens.core.vllm.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.vllm.log.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;

class MetricsParserTest {
    @Test
    void newest_metrics() throws IOException {
        VllmMetricsSnapshot s = MetricsParser.parse(Files.newBufferedReader(Fixtures.path("metrics-newest.txt")));
        assertEquals(0.0123, s.kvCacheUsageFraction());
        assertEquals(2.0, s.runningRequests());
        assertEquals(1.0, s.waitingRequests());
        assertEquals(152_340L, s.numGpuBlocks().getAsLong());
        assertEquals(16L, s.blockSize().getAsLong());
        assertEquals(0.9, s.gpuMemoryUtilization().getAsDouble());
        assertEquals("auto", s.cacheDtype());
        // 152,340 blocks x 16 tokens x 12,288 B/token (Qwen2.5-0.5B: 24 layers x 2 x 2 heads x 64 x 2 B)
        long bytesPerBlock = 16L * 24 * 2 * 2 * 64 * 2;
        assertEquals(Math.round(0.0123 * 152_340L * bytesPerBlock), s.kvCacheBytesInUseFromBlocks(bytesPerBlock).getAsLong());
        assertEquals(Math.round(0.0123 * 1e9), s.kvCacheBytesInUse(1_000_000_000L).getAsLong());
    }

    @Test
    void older_gpu_cache_usage_name() throws IOException {
        VllmMetricsSnapshot s = MetricsParser.parse(Files.readString(Fixtures.path("metrics-old-gpu-cache-usage.txt")));
        assertEquals(0.25, s.kvCacheUsageFraction());
        assertEquals(4.0, s.runningRequests());
        assertEquals(3.0, s.waitingRequests());
        assertEquals(5691L, s.numGpuBlocks().getAsLong());
        assertEquals("fp8", s.cacheDtype());
    }

    @Test
    void escaped_labels_none_values_and_junk_lines() {
        VllmMetricsSnapshot s = MetricsParser.parse("""
                vllm:cache_config_info{block_size="16",num_gpu_blocks="None",note="a \\"quoted\\", b\\\\c"} 1.0
                vllm:kv_cache_usage_perc{engine="0"} 0.5
                vllm:kv_cache_usage_perc{engine="1"} 0.25
                vllm:num_requests_running{engine="0"} 1
                vllm:num_requests_running{engine="1"} 2
                vllm:broken{unterminated="x 3
                not a metric line
                """);
        assertEquals(0.375, s.kvCacheUsageFraction(), "mean over data-parallel engines");
        assertEquals(3.0, s.runningRequests());
        assertNull(s.waitingRequests());
        assertTrue(s.numGpuBlocks().isEmpty());
        assertTrue(s.kvCacheBytesInUseFromBlocks(1024).isEmpty());
        assertEquals("a \"quoted\", b\\c", s.cacheConfig().get("note"));
    }

    @Test
    void empty_scrape_has_nothing() {
        VllmMetricsSnapshot s = MetricsParser.parse("");
        assertNull(s.kvCacheUsageFraction());
        assertTrue(s.kvCacheBytesInUse(100).isEmpty());
        assertTrue(s.cacheConfig().isEmpty());
    }
}
