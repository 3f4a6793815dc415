package dev.memlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.gpu.GpuSampler;
import dev.memlens.core.gpu.GpuSamplerException;
import dev.memlens.core.gpu.GpuSamplerOptions;
import dev.memlens.core.gpu.GpuSamplers;
import dev.memlens.core.gpu.RecordingSink;
import dev.memlens.core.gpu.StandIns;
import dev.memlens.core.ssh.SshHost;
import dev.memlens.core.ssh.SshTarget;
import dev.memlens.core.units.Bytes;
import dev.memlens.testsupport.RealSshd;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * amd-smi and rocm-smi on an SSH host: a real sshd on 127.0.0.1 whose sessions find the stand-in tools the local AMD
 * tests use (replaying the same JSON, from the host's own STANDIN_FIXTURES) first on PATH. This machine's PATH has no
 * GPU tool and its HIP_VISIBLE_DEVICES says "0": detection, GPU selection and the baseline must all happen on the host.
 */
class AmdToolsOverSshWithRealSshdAndStandInsTest {
    @TempDir
    static Path dir;
    static RealSshd sshd;
    static final Map<String, String> LOCAL = Map.of("PATH", "/usr/bin:/bin", "HOME", System.getProperty("user.home"),
            "HIP_VISIBLE_DEVICES", "0");

    @BeforeAll
    static void start() throws Exception {
        Path host = dir.resolve("host");
        StandIns.install(host, "amd-smi", "rocm-smi");
        sshd = RealSshd.start(dir.resolve("sshd"), host.resolve("bin"),
                Map.of("STANDIN_FIXTURES", StandIns.formats(host).toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (sshd != null) {
            sshd.close();
        }
    }

    record Run(int exit, String out, String err) {
    }

    static Run sample(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new SampleCommand(LOCAL));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> all = new java.util.ArrayList<>(List.of("--host", RealSshd.ALIAS, "--ssh-config",
                sshd.config().toString()));
        all.addAll(List.of(args));
        return new Run(cl.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    @Test
    void autoDetectsAmdSmiOnTheHostAndTakesTheBaselineThere() throws Exception {
        try (SshHost host = SshHost.connect(SshTarget.parse(RealSshd.ALIAS), sshd.config(), LOCAL)) {
            GpuSampler sampler = GpuSamplers.detect(GpuSamplerOptions.defaults(LOCAL).withIntervalMs(50)
                    .withHost(host));
            assertEquals("amd-smi (" + dir.resolve("host/bin/amd-smi") + " on host gpu-box)", sampler.description());
            List<GpuSample> baseline = sampler.baseline();
            assertEquals(2, baseline.size(), "both of the host's GPUs with figures (GPU 2 reports N/A), whatever "
                    + "this machine's HIP_VISIBLE_DEVICES says");
            assertEquals(196592 * Bytes.MIB, baseline.get(0).totalBytes());
            assertEquals(283 * Bytes.MIB, baseline.get(0).usedBytes());
            assertEquals("AMD Instinct MI300X", baseline.get(0).name());
            assertEquals(150000 * Bytes.MIB, baseline.get(1).usedBytes());
            assertEquals("70ff74a1-0000-1000-80f3-2e1c7ad3bb52", baseline.get(1).uuid());

            RecordingSink sink = new RecordingSink();
            sampler.start(sink);
            RecordingSink.await("polls of the host's amd-smi", () -> sink.samples.size() >= 6);
            sampler.stop();
            assertTrue(sink.errors.isEmpty(), sink.errors.toString());
            assertTrue(sink.samples.stream().allMatch(s -> s.usedBytes() == (s.index() == 0 ? 283 : 150000)
                    * Bytes.MIB), sink.samples.toString());
        }
    }

    @Test
    void sampleStreamsTheHostsAmdSmiWithTheSameParserAndGpusPicksOnTheHost() {
        Run r = sample("--interval-ms", "50", "--duration", "1", "--gpus", "1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("sampling 1 GPU(s) with amd-smi (" + dir.resolve("host/bin/amd-smi")
                + " on host gpu-box) every 50 ms"), r.err());
        // how many polls fit in the second depends on the machine's load: every row there is must be GPU 1's, exact
        List<String> rows = r.out().lines().filter(l -> l.startsWith("sample,")).toList();
        assertTrue(rows.stream().allMatch(l -> l.contains(",1,70ff74a1-0000-1000-80f3-2e1c7ad3bb52,AMD Instinct MI300X,"
                + 150000 * Bytes.MIB + ",")), rows.toString());
        assertTrue(!r.out().contains("8cff74a1-0000-1000-80a5-33c6f0e1a0a1"), "GPU 0 is not sampled: " + r.out());
    }

    @Test
    void rocmSmiOnTheHostWhenNamed() throws Exception {
        try (SshHost host = SshHost.connect(SshTarget.parse(RealSshd.ALIAS), sshd.config(), LOCAL)) {
            GpuSampler sampler = GpuSamplers.detect(GpuSamplerOptions.defaults(LOCAL).withIntervalMs(50)
                    .withSource("rocm-smi").withHost(host));
            assertEquals("rocm-smi (" + dir.resolve("host/bin/rocm-smi") + " on host gpu-box)", sampler.description());
            List<GpuSample> baseline = sampler.baseline();
            assertEquals(1, baseline.size(), "card1 reads \"None\" and is left out, as locally");
            assertEquals(68702699520L, baseline.get(0).totalBytes());
            assertEquals(10486939648L, baseline.get(0).usedBytes());
            assertEquals("AMD Instinct MI210", baseline.get(0).name());
            assertEquals("0x1f2e3d4c5b6a7988", baseline.get(0).uuid());
            assertEquals(37, baseline.get(0).utilizationPercent());
        }
    }

    @Test
    void aToolMissingOnTheHostAndASourceOfThisMachineOnlyAreNamed() throws Exception {
        try (SshHost host = SshHost.connect(SshTarget.parse(RealSshd.ALIAS), sshd.config(), LOCAL)) {
            GpuSamplerException missing = assertThrows(GpuSamplerException.class, () -> GpuSamplers.detect(
                    GpuSamplerOptions.defaults(LOCAL).withSource("nvidia-smi").withHost(host)));
            assertEquals("GPU source nvidia-smi is not available on host gpu-box (not on the PATH of its"
                    + " non-interactive ssh sessions) (NVIDIA nvidia-smi, one long-lived process): install it there"
                    + " or use --source auto", missing.getMessage());
        }
        Run nvml = sample("--source", "nvml", "--duration", "1");
        assertEquals(2, nvml.exit(), nvml.err());
        assertEquals("memlens sample: GPU source nvml does not run its tool on an SSH host (NVIDIA NVML read in"
                + " process (libnvidia-ml.so.1, or MEMLENS_NVML_LIBRARY)): use --source nvidia-smi, amd-smi, rocm-smi"
                + " or auto with --host", nvml.err().strip());
    }

    @Test
    void aRunWithASourceOfThisMachineOnlyOnAHostIsAUsageErrorBeforeAnythingStarts(@TempDir Path tmp) {
        BenchCommand command = new BenchCommand();
        RemoteRunsWithRealSshdAndStandInsTest.Run r = RemoteRunsWithRealSshdAndStandInsTest.execute(
                RemoteRunsWithRealSshdAndStandInsTest.local(command, command.run, tmp.resolve("home")),
                "--host", RealSshd.ALIAS, "--ssh-config", sshd.config().toString(), "--source", "sysfs",
                "--model", "m", "--input-len", "8", "--output-len", "8", "--runs-dir", tmp.resolve("runs").toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("memlens bench: GPU source sysfs does not run its tool on an SSH host (AMD"
                + " amdgpu sysfs counters): use --source nvidia-smi, amd-smi, rocm-smi or auto with --host"), r.err());
        assertTrue(!java.nio.file.Files.exists(tmp.resolve("runs")) || tmp.resolve("runs").toFile().list().length == 0,
                "nothing was saved");
    }
}
