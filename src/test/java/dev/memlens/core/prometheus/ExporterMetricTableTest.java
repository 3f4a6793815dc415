package dev.memlens.core.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.gpu.trace.TraceEvent;
import dev.memlens.core.vllm.metrics.MetricsParser;
import dev.memlens.core.vllm.metrics.VllmMetricsSnapshot;
import dev.memlens.testsupport.ExpositionLines;
import dev.memlens.testutil.Resources;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One test per row of the compatibility table, each against recorded exporter output. */
class ExporterMetricTableTest {
    private static final long MIB = 1024 * 1024;

    /** A row's fixture and the figure MemLens must read from it. */
    private record Expectation(String fixture, Function<String, Object> reading, Object expected) {
    }

    private static Function<String, Object> gpu(Function<GpuSample, Object> field) {
        return text -> {
            List<GpuSample> samples = PrometheusGpuSeries.join(ExpositionLines.scrape(text, 1000, "gpu")).trace()
                    .events().stream().filter(e -> e instanceof TraceEvent.Sample)
                    .map(e -> ((TraceEvent.Sample) e).sample()).toList();
            assertEquals(1, samples.size(), "one GPU sample from one scrape");
            return field.apply(samples.get(0));
        };
    }

    private static Function<String, Object> vllm(Function<VllmMetricsSnapshot, Object> field) {
        return text -> field.apply(MetricsParser.parse(text));
    }

    private static final String DCGM = "prometheus/dcgm-exporter-l40s.metrics";
    private static final String DCGM_TOTAL = "prometheus/dcgm-exporter-rtx6000ada-fb-total.metrics";
    private static final String NVSMI = "prometheus/nvidia-gpu-exporter-h200-load.metrics";
    private static final String NVITOP = "prometheus/nvitop-exporter.metrics";
    private static final String VLLM = "prometheus/vllm-metrics-real-lines.metrics";

    private static final Map<String, Expectation> EXPECTED = Map.ofEntries(
            Map.entry("DCGM_FI_DEV_FB_USED", new Expectation(DCGM_TOTAL, gpu(GpuSample::usedBytes), 46614 * MIB)),
            Map.entry("DCGM_FI_DEV_FB_FREE", new Expectation(DCGM, gpu(GpuSample::totalBytes),
                    (0 + 45459 + 608) * MIB)),
            Map.entry("DCGM_FI_DEV_FB_RESERVED", new Expectation(DCGM, gpu(GpuSample::reservedBytes), 608 * MIB)),
            Map.entry("DCGM_FI_DEV_FB_TOTAL", new Expectation(DCGM_TOTAL, gpu(GpuSample::totalBytes), 49140 * MIB)),
            Map.entry("nvidia_smi_memory_used_bytes", new Expectation(NVSMI, gpu(GpuSample::usedBytes),
                    33934016512L)),
            Map.entry("nvidia_smi_memory_free_bytes", new Expectation(NVSMI, text -> ExporterMetric.Unit.BYTES
                    .toBytes(ExpositionLines.value(text, "nvidia_smi_memory_free_bytes")), 116178026496L)),
            Map.entry("nvidia_smi_memory_reserved_bytes", new Expectation(NVSMI, gpu(GpuSample::reservedBytes),
                    643825664L)),
            Map.entry("nvidia_smi_memory_total_bytes", new Expectation(NVSMI, gpu(GpuSample::totalBytes),
                    150754820096L)),
            Map.entry("nvidia_smi_gpu_info", new Expectation(NVSMI, gpu(GpuSample::name), "NVIDIA H200")),
            Map.entry("gpu_memory_used_MiB", new Expectation(NVITOP, gpu(GpuSample::usedBytes), 1643 * MIB)),
            Map.entry("gpu_memory_free_MiB", new Expectation(NVITOP, text -> ExporterMetric.Unit.MIB
                    .toBytes(ExpositionLines.value(text, "gpu_memory_free_MiB")), 141512 * MIB)),
            Map.entry("gpu_memory_total_MiB", new Expectation(NVITOP, gpu(GpuSample::totalBytes),
                    150754820096L)),
            Map.entry("vllm:kv_cache_usage_perc", new Expectation(VLLM,
                    vllm(VllmMetricsSnapshot::kvCacheUsageFraction), 9.75010481363281e-06)),
            Map.entry("vllm:gpu_cache_usage_perc", new Expectation(VLLM, text -> MetricsParser.parse(
                    text.replace("vllm:kv_cache_usage_perc", "vllm:other")).kvCacheUsageFraction(), 0.0)),
            Map.entry("vllm:num_requests_running", new Expectation(VLLM,
                    vllm(VllmMetricsSnapshot::runningRequests), 0.0)),
            Map.entry("vllm:num_requests_waiting", new Expectation(VLLM,
                    vllm(VllmMetricsSnapshot::waitingRequests), 0.0)),
            Map.entry("vllm:num_preemptions_total", new Expectation(VLLM,
                    vllm(VllmMetricsSnapshot::preemptionsTotal), 0.0)),
            Map.entry("vllm:cache_config_info", new Expectation(VLLM,
                    vllm(s -> s.numGpuBlocks().getAsLong() + "x" + s.blockSize().getAsLong()), "5080x16")));

    static Stream<ExporterMetric> rows() {
        return ExporterMetric.TABLE.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void rowReadsRecordedExporterOutput(ExporterMetric row) throws IOException {
        Expectation expectation = EXPECTED.get(row.name());
        assertNotNull(expectation, "the table row " + row.name() + " has no test: add its recorded output");
        String text = Resources.text(expectation.fixture());
        assertTrue(text.lines().anyMatch(l -> l.startsWith(row.name() + "{") || l.startsWith(row.name() + " ")),
                expectation.fixture() + " has a sample of " + row.name());
        assertEquals(expectation.expected(), expectation.reading().apply(text), row.name());
    }

    @Test
    void everyExpectationIsARowOfTheTable() {
        for (String name : EXPECTED.keySet()) {
            assertTrue(ExporterMetric.byName(name).isPresent(), name + " is tested but not in the table");
        }
    }

    @Test
    void exportersLabelsNameTheGpuAndItsPlace() throws IOException {
        PrometheusGpuTrace nvitop = PrometheusGpuSeries.join(ExpositionLines.scrape(
                Resources.text(NVITOP), 1000, "nvitop"));
        GpuSample sample = ((TraceEvent.Sample) nvitop.trace().events().get(0)).sample();
        assertEquals("GPU-884ff060-f341-17fb-12c6-28e044e6c99d", sample.uuid());
        assertEquals("NVIDIA H200", sample.name());
        assertEquals(0, sample.index());
        assertEquals(Map.of("hostname", "gpu-box", "instance", "127.0.0.1:9400", "job", "nvitop"),
                nvitop.placement().get(sample.uuid()));
        assertEquals("nvitop-exporter", nvitop.exporters().get(sample.uuid()));
    }

    @Test
    void migInstanceSeriesAreLeftOutWithAWarning() throws IOException {
        String text = Resources.text("gpu/formats/dcgm-metrics.txt");
        PrometheusGpuTrace trace = PrometheusGpuSeries.join(ExpositionLines.scrape(text, 1000, "dcgm"));
        assertEquals(2, trace.trace().events().size());
        assertTrue(trace.trace().warnings().get(0).startsWith("1 MIG instance series"), trace.trace().warnings()
                .toString());
    }
}
