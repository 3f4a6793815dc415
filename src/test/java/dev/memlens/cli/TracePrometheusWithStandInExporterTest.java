package dev.memlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memlens.core.units.Bytes;
import dev.memlens.testsupport.ExporterScrapes;
import dev.memlens.testsupport.RealPrometheus;
import dev.memlens.testsupport.StandInExporter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code memlens trace --prometheus} against Debian's real Prometheus scraping a stand-in exporter (recorded real
 * dcgm-exporter and nvidia_gpu_exporter texts, used figures scripted from a real H200 run) every second.
 */
class TracePrometheusWithStandInExporterTest {
    /** MiB levels of the real H200 run gpu/real/memlens-sample-h200-torch-1gib-steps.csv, then a drop. */
    static final List<Long> DCGM_USED_MIB = List.of(0L, 1551L, 1643L, 2667L, 3691L, 7787L, 4715L, 5739L, 1643L);
    /** Byte levels of the same run, peak in the middle. */
    static final List<Long> NVSMI_USED_BYTES = List.of(0L, 1626341376L, 1722810368L, 2796552192L, 8165261312L,
            3870294016L, 4944035840L, 1722810368L);

    static StandInExporter exporter;
    static RealPrometheus prometheus;

    @BeforeAll
    static void startServers() throws Exception {
        RealPrometheus.assumeInstalled();
        exporter = new StandInExporter(Map.of(
                "/dcgm/metrics", ExporterScrapes.dcgmL40s(DCGM_USED_MIB),
                "/nvsmi/metrics", ExporterScrapes.nvidiaGpuExporterH200(NVSMI_USED_BYTES)));
        prometheus = RealPrometheus.start(List.of(
                new RealPrometheus.Job("dcgm", exporter.port(), "/dcgm/metrics"),
                new RealPrometheus.Job("nvidia_gpu_exporter", exporter.port(), "/nvsmi/metrics")), null);
        // every scripted scrape, and one repeat of the last, must be in the TSDB before the assertions
        prometheus.await(Duration.ofSeconds(90), () ->
                prometheus.storedSamples("DCGM_FI_DEV_FB_USED") > DCGM_USED_MIB.size()
                        && prometheus.storedSamples("nvidia_smi_memory_used_bytes") > NVSMI_USED_BYTES.size(),
                "done scraping the scripted values");
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

    private record Result(int exit, String out, String err) {
    }

    static Result trace(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new TraceCommand(env));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void eachGpusExactPeakAndBaselineFromRawSamples() throws Exception {
        Result r = trace(Map.of(), "--prometheus", prometheus.url(), "--start", "-10m", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals("prometheus", root.get("source").asText());
        assertEquals(2, root.get("gpus").size(), r.out());
        JsonNode h200 = gpu(root, "00000000-0000-0000-0000-000000000000");
        assertEquals("NVIDIA H200", h200.get("name").asText(), "name from nvidia_smi_gpu_info");
        assertEquals(0, h200.get("baseline_used_bytes").asLong());
        assertEquals(Collections.max(NVSMI_USED_BYTES), h200.get("peak_used_bytes").asLong());
        assertEquals(ExporterScrapes.H200_TOTAL_BYTES, h200.get("total_bytes").asLong());
        assertEquals("nvidia_gpu_exporter", h200.get("labels").get("job").asText());
        assertTrue(h200.get("samples").asInt() > NVSMI_USED_BYTES.size());

        JsonNode l40s = gpu(root, "GPU-5b4e07f6-3a86-4340-039d-25f2a83cdc43");
        assertEquals("NVIDIA L40S", l40s.get("name").asText());
        assertEquals(0, l40s.get("baseline_used_bytes").asLong());
        assertEquals(Collections.max(DCGM_USED_MIB) * Bytes.MIB, l40s.get("peak_used_bytes").asLong());
        assertEquals(ExporterScrapes.L40S_TOTAL_MIB * Bytes.MIB, l40s.get("total_bytes").asLong());
        assertEquals("gpu1-wl8sg", l40s.get("labels").get("hostname").asText());
    }

    @Test
    void textOutputKeepsTheHostnameLabelAndMatchNarrowsTheSeries() {
        Result r = trace(Map.of(), "--prometheus", prometheus.url(), "--start", "-10m",
                "--match", "{Hostname=\"gpu1-wl8sg\"}");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("source: prometheus (" + prometheus.url() + ")"), r.out());
        assertTrue(r.out().contains("NVIDIA L40S  GPU-5b4e07f6-3a86-4340-039d-25f2a83cdc43"), r.out());
        assertTrue(r.out().contains("hostname=gpu1-wl8sg"), r.out());
        assertTrue(r.out().contains("peak      7.60 GiB (7787 MiB)"), r.out());
        assertTrue(!r.out().contains("NVIDIA H200"), "the H200 has no Hostname label: " + r.out());
    }

    @Test
    void aRangeWithoutSeriesSaysWhatToCheck() {
        Result r = trace(Map.of(), "--prometheus", prometheus.url(), "--start", "2020-01-01T00:00:00Z",
                "--end", "2020-01-01T01:00:00Z");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains("has no GPU memory series between"), r.err());
        assertTrue(r.err().contains("DCGM_FI_DEV_FB_USED"), r.err());
    }

    @Test
    void aBadMatchIsABadUsageMessageNotATrace() {
        Result r = trace(Map.of(), "--prometheus", prometheus.url(), "--match", "up{job=\"x\"}");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains("is not a list of label matchers"), r.err());
        Result syntax = trace(Map.of(), "--prometheus", prometheus.url(), "--match", "{job=~\"(\"}");
        assertEquals(ExitCodes.USAGE, syntax.exit());
        assertTrue(syntax.err().contains("rejected the query"), syntax.err());
    }

    @Test
    void sampleFollowsTheSameSeriesLive() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SampleCommand(Map.of()));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("--prometheus", prometheus.url(), "--match", "{job=\"dcgm\"}", "--duration", "2.5");
        assertEquals(0, exit, err.toString());
        assertTrue(err.toString().contains("sampling 1 GPU(s) with Prometheus (" + prometheus.url() + ")"),
                err.toString());
        String csv = out.toString();
        assertTrue(csv.startsWith("# memlens-sample v1"), csv);
        // the stand-in repeats its last scripted value: the live rows carry it
        assertTrue(csv.contains(",GPU-5b4e07f6-3a86-4340-039d-25f2a83cdc43,NVIDIA L40S," + 1643 * Bytes.MIB + ","),
                csv);
    }

    @Test
    void sourcePrometheusByNameIsTheSameRegisteredSource() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SampleCommand(Map.of()));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("--source", "prometheus", "--prometheus", prometheus.url(), "--match",
                "{job=\"nvidia_gpu_exporter\"}", "--duration", "1.5");
        assertEquals(0, exit, err.toString());
        assertTrue(err.toString().contains("sampling 1 GPU(s) with Prometheus (" + prometheus.url() + ")"),
                err.toString());
        // the stand-in repeats its last scripted value
        assertTrue(out.toString().contains(",NVIDIA H200," + NVSMI_USED_BYTES.get(NVSMI_USED_BYTES.size() - 1) + ","),
                out.toString());
    }

    static JsonNode gpu(JsonNode root, String uuid) {
        for (JsonNode g : root.get("gpus")) {
            if (uuid.equals(g.get("uuid").asText())) {
                return g;
            }
        }
        throw new AssertionError("no GPU " + uuid + " in " + root);
    }
}
