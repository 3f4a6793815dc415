package dev.memlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.gpu.StandIns;
import dev.memlens.core.gpu.nvml.FakeNvml;
import dev.memlens.core.gpu.trace.TraceReader;
import dev.memlens.core.gpu.trace.TraceSummary;
import dev.memlens.core.units.Bytes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `memlens sample --source ...` with the stand-in libnvidia-ml.so.1 (built from C) and the nvidia-smi stand-in. */
class SampleCommandWithStandInNvmlTest {
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
    void nvmlAtOneMillisecondWritesEveryReadingAndThePeakWithItsTime() throws Exception {
        FakeNvml fake = FakeNvml.build(FakeNvml.Variant.FULL, 2);
        fake.control.fake_nvml_set_memory(0, 143771 * Bytes.MIB, 600 * Bytes.MIB, 0, 0);
        fake.control.fake_nvml_set_spike(0, 100, 20, 8 * Bytes.GIB);
        fake.control.fake_nvml_set_memory(1, 143771 * Bytes.MIB, 5 * Bytes.GIB, 0, 0);
        Path csv = dir.resolve("samples.csv");
        assertEquals(0, run(fake.environment(dir), "--source", "nvml", "--interval-ms", "1", "--gpus", "0",
                "--duration", "1", "--output", csv.toString()), err.toString());
        TraceSummary.Gpu gpu = TraceSummary.of(new TraceReader().read(csv)).gpus().get(0);
        assertEquals(1, TraceSummary.of(new TraceReader().read(csv)).gpus().size(), "--gpus 0 only");
        assertEquals(fake.control.fake_nvml_memory_calls(0) - 1, gpu.samples(),
                "every reading but the baseline's is a row");
        assertEquals(600 * Bytes.MIB, gpu.baselineUsedBytes());
        assertEquals(600 * Bytes.MIB + 8 * Bytes.GIB, gpu.peakUsedBytes());
        assertTrue(err.toString().contains("sampling 1 GPU(s) with NVML (" + fake.library), err.toString());
        assertTrue(err.toString().contains("GPU 0 (Fake H200 0): peak 8.59 GiB (8792.0 MiB) at "
                + java.time.Instant.ofEpochMilli(gpu.peakMillis()) + ", baseline 0.59 GiB"), err.toString());
    }

    @Test
    void anUnknownSourceOrAnIntervalBelowTheSourcesFloorIsBadUsage() {
        Map<String, String> env = StandIns.install(dir, "nvidia-smi");
        assertEquals(2, run(env, "--source", "cuda-smi", "--duration", "0.1"));
        assertEquals("memlens sample: unknown GPU source 'cuda-smi': use one of auto, nvml, nvidia-smi, amd-smi,"
                + " rocm-smi, sysfs, prometheus", err.toString().trim());
        err.getBuffer().setLength(0);
        assertEquals(2, run(env, "--source", "nvidia-smi", "--interval-ms", "1", "--duration", "0.1"));
        assertEquals("memlens sample: GPU source nvidia-smi samples every 10 ms at the fastest, 1 ms was asked:"
                + " raise --interval-ms or use --source nvml", err.toString().trim());
    }

    @Test
    void namedNvidiaSmiIsUsedEvenWhereNvmlLoads() throws Exception {
        FakeNvml fake = FakeNvml.build(FakeNvml.Variant.FULL, 1);
        fake.control.fake_nvml_set_memory(0, 143771 * Bytes.MIB, Bytes.GIB, 0, 0);
        Map<String, String> env = new HashMap<>(StandIns.install(dir, "nvidia-smi"));
        env.put("MEMLENS_NVML_LIBRARY", fake.library.toString());
        assertEquals(0, run(env, "--source", "nvidia-smi", "--interval-ms", "20", "--duration", "0.3", "--output",
                dir.resolve("smi.csv").toString()), err.toString());
        assertTrue(err.toString().contains("with nvidia-smi ("), err.toString());
        assertEquals(0, run(env, "--interval-ms", "20", "--duration", "0.3", "--output",
                dir.resolve("auto.csv").toString()), err.toString());
        assertTrue(err.toString().contains("with NVML ("), "auto prefers NVML: " + err);
    }
}
