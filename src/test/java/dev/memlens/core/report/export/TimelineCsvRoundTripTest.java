package dev.memlens.core.report.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memlens.core.gpu.trace.TraceFormat;
import dev.memlens.core.gpu.trace.TraceReader;
import dev.memlens.core.gpu.trace.TraceSummary;
import dev.memlens.core.report.GpuTimeline;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.sample.SampleReports;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app's timeline CSV export is a trace `memlens trace` reads: same GPUs, samples, baseline and peak. */
class TimelineCsvRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void theExportedTimelineReadsBackAsTheSameTrace() throws Exception {
        ProfileReport report = SampleReports.bundledH200Run();
        Path csv = dir.resolve("timeline.csv");
        TimelineCsvWriter.write(report, csv);

        TraceSummary summary = TraceSummary.of(new TraceReader().read(csv));
        assertEquals(TraceFormat.MEMLENS_SAMPLE_CSV, summary.format());
        assertTrue(summary.warnings().isEmpty(), summary.warnings().toString());
        assertEquals(report.timeline().size(), summary.gpus().size());
        for (int g = 0; g < report.timeline().size(); g++) {
            GpuTimeline t = report.timeline().get(g);
            TraceSummary.Gpu read = summary.gpus().get(g);
            assertEquals(t.gpuIndex(), read.index());
            assertEquals(t.name(), read.name());
            assertEquals(t.size(), read.samples());
            assertEquals(t.usedBytes(0), read.baselineUsedBytes());
            assertEquals(t.usedBytes(t.peakIndex()), read.peakUsedBytes());
            assertEquals(report.gpus().devices().get(g).totalBytes(), read.totalBytes());
        }
    }

    @Test
    void theTraceCommandReadsTheExportAndExitsZero() throws Exception {
        ProfileReport report = SampleReports.bundledH200Run();
        Path csv = dir.resolve("timeline.csv");
        TimelineCsvWriter.write(report, csv);
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exit = dev.memlens.cli.MemLensCommand.run("trace", csv.toString(), "--json");
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, exit, out.toString(StandardCharsets.UTF_8));
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals("memlens sample csv", json.get("source").asText());
        GpuTimeline t = report.timeline().get(0);
        assertEquals(t.size(), json.get("gpus").get(0).get("samples").asInt());
        assertEquals(t.usedBytes(t.peakIndex()), json.get("gpus").get(0).get("peak_used_bytes").asLong());
    }
}
