package dev.memlens.core.gpu;

import static dev.memlens.core.gpu.RecordingSink.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.units.Bytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detection order and the AMD samplers, with stand-in amd-smi / nvidia-smi and a fake sysfs tree. */
class GpuSamplersDetectWithStandInsTest {
    @TempDir
    Path dir;

    @Test
    void noToolGivesTheExactMessage() {
        GpuSamplerOptions options = GpuSamplerOptions.defaults(StandIns.emptyPath(dir))
                .withSysfsDrmRoot(dir.resolve("no-sysfs"));
        GpuToolNotFoundException e = assertThrows(GpuToolNotFoundException.class, () -> GpuSamplers.detect(options));
        assertEquals("no GPU tool found: install the NVIDIA driver's nvidia-smi or ROCm's amd-smi", e.getMessage());
    }

    @Test
    void nvidiaSmiIsPreferredOverAmdSmi() throws Exception {
        Map<String, String> env = StandIns.install(dir, "nvidia-smi", "amd-smi");
        assertTrue(GpuSamplers.detect(GpuSamplerOptions.defaults(env)).description().startsWith("nvidia-smi"));
    }

    @Test
    void amdSmiRocm6ArrayShapeWithNamesUuidsAndRealTotals() throws Exception {
        Map<String, String> env = StandIns.install(dir, "amd-smi");
        GpuSampler sampler = GpuSamplers.detect(GpuSamplerOptions.defaults(env).withIntervalMs(50));
        assertTrue(sampler.description().startsWith("amd-smi"));
        List<GpuSample> baseline = sampler.baseline();
        assertEquals(2, baseline.size(), "GPU 2 reports N/A and is left out");
        assertEquals(196592 * Bytes.MIB, baseline.get(0).totalBytes());
        assertEquals(150000 * Bytes.MIB, baseline.get(1).usedBytes());
        assertEquals("AMD Instinct MI300X", baseline.get(0).name());
        assertEquals("70ff74a1-0000-1000-80f3-2e1c7ad3bb52", baseline.get(1).uuid());

        RecordingSink sink = new RecordingSink();
        sampler.start(sink);
        await("polled samples", () -> sink.samples.size() >= 6);
        sampler.stop();
        assertTrue(sink.errors.isEmpty(), sink.errors.toString());
    }

    @Test
    void amdSmiRocm7ShapeAndHipVisibleDevices() throws Exception {
        Map<String, String> env = StandIns.install(dir, "amd-smi");
        env.put("STANDIN_SHAPE", "rocm7");
        List<GpuSample> baseline = GpuSamplers.detect(GpuSamplerOptions.defaults(env)).baseline();
        assertEquals(1, baseline.size());
        assertEquals(262128 * Bytes.MIB, baseline.get(0).totalBytes());

        env.remove("STANDIN_SHAPE");
        env.put("HIP_VISIBLE_DEVICES", "1");
        List<GpuSample> selected = GpuSamplers.detect(GpuSamplerOptions.defaults(env)).baseline();
        assertEquals(1, selected.size());
        assertEquals(1, selected.get(0).index());
    }

    @Test
    void aHangingAmdSmiIsKilledAndReportedWithoutLeakingIt() throws Exception {
        Map<String, String> env = StandIns.install(dir, "amd-smi");
        env.put("STANDIN_MODE", "hang");
        GpuSampler sampler = GpuSamplers.detect(GpuSamplerOptions.defaults(env).withIntervalMs(50)
                .withToolTimeout(Duration.ofMillis(300)).withRetries(3, 1));
        GpuSamplerException baseline = assertThrows(GpuSamplerException.class, sampler::baseline);
        assertEquals(GpuSamplerError.Kind.HUNG, baseline.kind());
        RecordingSink sink = new RecordingSink();
        sampler.start(sink);
        await("the sampler to give up", sink::hasFatalError);
        List<ProcessHandle> left = new ArrayList<>();
        ProcessHandle.current().descendants().forEach(left::add);
        sampler.stop();
        assertTrue(left.stream().noneMatch(ProcessHandle::isAlive), "no amd-smi or sleep survives");
        assertEquals(2, sink.errors.size());
        assertFalse(sink.errors.get(0).fatal());
    }

    @Test
    void sysfsFallbackReadsRealTotals() throws Exception {
        Path drm = dir.resolve("drm");
        Path card = Files.createDirectories(drm.resolve("card1/device"));
        Files.writeString(card.resolve("mem_info_vram_total"), "68702699520\n");
        Files.writeString(card.resolve("mem_info_vram_used"), "1101004800\n");
        Files.writeString(card.resolve("gpu_busy_percent"), "7\n");
        Files.createDirectories(drm.resolve("card0/device")); // an integrated card without VRAM counters
        GpuSampler sampler = GpuSamplers.detect(GpuSamplerOptions.defaults(StandIns.emptyPath(dir))
                .withSysfsDrmRoot(drm));
        assertTrue(sampler.description().startsWith("amdgpu sysfs"));
        GpuSample sample = sampler.baseline().get(0);
        assertEquals(68702699520L, sample.totalBytes());
        assertEquals(1101004800L, sample.usedBytes());
        assertEquals(7, sample.utilizationPercent());
    }
}
