package dev.memlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.gpu.StandIns;
import dev.memlens.core.gpu.trace.Trace;
import dev.memlens.core.gpu.trace.TraceFormat;
import dev.memlens.core.gpu.trace.TraceReader;
import dev.memlens.core.gpu.trace.TraceSummary;
import dev.memlens.core.units.Bytes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SampleCommandWithStandInNvidiaSmiTest {
    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        CommandLine cli = new CommandLine(new SampleCommand(env));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void recordsACsvThatTraceReadsBack() throws Exception {
        Map<String, String> env = StandIns.install(dir, "nvidia-smi");
        Path csv = dir.resolve("out/samples.csv");
        Files.createDirectories(csv.getParent());
        assertEquals(0, run(env, "--interval-ms", "20", "--duration", "0.6", "--output", csv.toString()),
                err.toString());
        assertTrue(Files.exists(csv));
        try (var files = Files.list(csv.getParent())) {
            assertEquals(1, files.count(), "the .partial journal was moved into place");
        }
        Trace trace = new TraceReader().read(csv);
        assertEquals(TraceFormat.MEMLENS_SAMPLE_CSV, trace.format());
        TraceSummary summary = TraceSummary.of(trace);
        assertEquals(2, summary.gpus().size());
        TraceSummary.Gpu gpu1 = summary.gpus().get(1);
        assertEquals("NVIDIA H100 80GB HBM3, Special Edition", gpu1.name());
        assertEquals(1001 * Bytes.MIB, gpu1.baselineUsedBytes());
        assertTrue(gpu1.peakUsedBytes() > gpu1.baselineUsedBytes());
        assertTrue(err.toString().contains("wrote "), err.toString());

        StringWriter traceOut = new StringWriter();
        CommandLine trace2 = new CommandLine(new TraceCommand());
        trace2.setOut(new PrintWriter(traceOut));
        assertEquals(0, trace2.execute(csv.toString()));
        assertTrue(traceOut.toString().contains("source: memlens sample csv"));
    }

    @Test
    void withoutAnyGpuToolItSaysWhatToInstall() {
        assertEquals(1, run(StandIns.emptyPath(dir), "--duration", "1"));
        assertTrue(err.toString().contains("no GPU tool found: install the NVIDIA driver's nvidia-smi or ROCm's amd-smi")
                || err.toString().contains("amdgpu"), err.toString());
        assertFalse(err.toString().contains("Exception"));
    }

    @Test
    void aDriverErrorIsReportedBeforeSampling() {
        Map<String, String> env = StandIns.install(dir, "nvidia-smi");
        env.put("STANDIN_MODE", "mismatch");
        assertEquals(1, run(env, "--duration", "1"));
        assertTrue(err.toString().contains("Driver/library version mismatch"), err.toString());
    }
}
