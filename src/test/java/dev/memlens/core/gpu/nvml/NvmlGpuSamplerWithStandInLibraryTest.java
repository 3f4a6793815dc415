package dev.memlens.core.gpu.nvml;

import static dev.memlens.core.gpu.RecordingSink.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.gpu.GpuProcessSample;
import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.gpu.GpuSampler;
import dev.memlens.core.gpu.GpuSamplerError;
import dev.memlens.core.gpu.GpuSamplerException;
import dev.memlens.core.gpu.GpuSamplerOptions;
import dev.memlens.core.gpu.GpuSamplers;
import dev.memlens.core.gpu.GpuToolNotFoundException;
import dev.memlens.core.gpu.RecordingSink;
import dev.memlens.core.units.Bytes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real JNA binding against a stand-in libnvidia-ml.so.1 built from C (see FakeNvml). */
class NvmlGpuSamplerWithStandInLibraryTest {
    private static final long GIB = Bytes.GIB;
    private static final long MIB = Bytes.MIB;
    private static final long H200_TOTAL = 143771 * MIB;

    @TempDir
    Path dir;

    private GpuSamplerOptions nvml(FakeNvml fake) {
        return GpuSamplerOptions.defaults(fake.environment(dir)).withSource("nvml");
    }

    @Test
    void exactFiguresOfTwoGpusWithEveryOptionalEntryPoint() throws Exception {
        FakeNvml fake = FakeNvml.build(FakeNvml.Variant.FULL, 2);
        fake.control.fake_nvml_set_memory(0, H200_TOTAL, 9427 * MIB, 527 * MIB, 0);
        fake.control.fake_nvml_set_memory(1, H200_TOTAL, 3 * GIB + 17, 527 * MIB, 0);
        fake.control.fake_nvml_set_readings(0, 87, 412_345);
        fake.control.fake_nvml_set_readings(1, 3, 80_000);
        try (GpuSampler sampler = GpuSamplers.detect(nvml(fake))) {
            assertEquals("NVML (" + fake.library + ", driver 580.159.04)", sampler.description());
            List<GpuSample> baseline = sampler.baseline();
            assertEquals(2, baseline.size());
            GpuSample first = baseline.get(0);
            assertEquals(0, first.index());
            assertEquals("GPU-fake0000-0000-0000-0000-000000000000", first.uuid());
            assertEquals("Fake H200 0", first.name());
            assertEquals(9427 * MIB, first.usedBytes());
            assertEquals(H200_TOTAL, first.totalBytes());
            assertEquals(527 * MIB, first.reservedBytes());
            assertEquals(87, first.utilizationPercent());
            assertEquals(412.345, first.powerWatts(), 1e-9);
            assertEquals(GpuSample.MemoryBasis.DEVICE, first.basis());
            GpuSample second = baseline.get(1);
            assertEquals(1, second.index());
            assertEquals(3 * GIB + 17, second.usedBytes());
            assertEquals(80.0, second.powerWatts(), 1e-9);
        }
    }

    @Test
    void aLibraryWithoutTheOptionalEntryPointsLeavesThoseFieldsUnknown() throws Exception {
        FakeNvml fake = FakeNvml.build(FakeNvml.Variant.MINIMAL, 1);
        fake.control.fake_nvml_set_memory(0, H200_TOTAL, 1000 * MIB, 527 * MIB, 0);
        fake.control.fake_nvml_add_process(0, 4242, 400 * MIB);
        try (GpuSampler sampler = GpuSamplers.detect(nvml(fake))) {
            assertEquals("NVML (" + fake.library + ")", sampler.description(), "no driver version entry point");
            GpuSample sample = sampler.baseline().get(0);
            assertEquals(1527 * MIB, sample.usedBytes(), "v1 memory info counts reserved memory as used");
            assertEquals(H200_TOTAL, sample.totalBytes());
            assertNull(sample.reservedBytes());
            assertNull(sample.utilizationPercent());
            assertNull(sample.powerWatts());
            RecordingSink sink = new RecordingSink();
            sampler.start(sink);
            await("samples", () -> sink.samples.size() >= 5);
            sampler.stop();
            assertTrue(sink.processes.isEmpty(), "no process list without the _v3 entry point");
            assertTrue(sink.errors.isEmpty(), sink.errors.toString());
        }
    }

    @Test
    void notSupportedReadingsStayUnknownAndAreNotAskedAgain() throws Exception {
        FakeNvml fake = FakeNvml.build(FakeNvml.Variant.FULL, 1);
        fake.control.fake_nvml_set_memory(0, H200_TOTAL, 5 * GIB, 0, 0);
        fake.control.fake_nvml_set_readings(0, 40, -1); // power: NVML_ERROR_NOT_SUPPORTED
        try (GpuSampler sampler = GpuSamplers.detect(nvml(fake))) {
            GpuSample sample = sampler.baseline().get(0);
            assertEquals(40, sample.utilizationPercent());
            assertNull(sample.powerWatts());
            assertEquals(0L, sample.reservedBytes());
        }
    }

    @Test
    void aLibraryMissingARequiredEntryPointIsOneClearLine() throws Exception {
        FakeNvml fake = FakeNvml.build(FakeNvml.Variant.NO_UUID, 1);
        GpuSamplerException e = assertThrows(GpuSamplerException.class, () -> GpuSamplers.detect(nvml(fake)));
        assertTrue(e.getMessage().startsWith("NVML: " + fake.library + " is not a usable NVML library ("),
                e.getMessage());
        assertTrue(e.getMessage().contains("nvmlDeviceGetUUID"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void aNamedLibraryThatIsNotThereIsAnErrorWhenNamedAndAFallbackInAuto() {
        Map<String, String> env = Map.of("PATH", dir.resolve("empty-bin").toString(),
                NvmlBinding.LIBRARY_VARIABLE, dir.resolve("nowhere/libnvidia-ml.so.1").toString());
        GpuSamplerOptions options = GpuSamplerOptions.defaults(env).withSysfsDrmRoot(dir.resolve("no-sysfs"));
        GpuSamplerException named = assertThrows(GpuSamplerException.class,
                () -> GpuSamplers.detect(options.withSource("nvml")));
        assertTrue(named.getMessage().startsWith("NVML: cannot load " + dir.resolve("nowhere/libnvidia-ml.so.1")
                + " named by MEMLENS_NVML_LIBRARY ("), named.getMessage());
        assertTrue(named.getMessage().endsWith("): fix the path"), named.getMessage());
        GpuToolNotFoundException auto = assertThrows(GpuToolNotFoundException.class,
                () -> GpuSamplers.detect(options));
        assertTrue(auto.getMessage().startsWith(GpuToolNotFoundException.MESSAGE + " (NVML: cannot load "),
                auto.getMessage());
    }

    @Test
    void initFailuresAreOneLineWithNvmlsWordsAndTheFix() throws Exception {
        FakeNvml fake = FakeNvml.build(FakeNvml.Variant.FULL, 1);
        fake.control.fake_nvml_fail_init(18); // NVML_ERROR_LIB_RM_VERSION_MISMATCH
        GpuSamplerException e = assertThrows(GpuSamplerException.class, () -> GpuSamplers.detect(nvml(fake)));
        assertEquals(GpuSamplerError.Kind.DRIVER_MISMATCH, e.kind());
        assertEquals("NVML (" + fake.library + "): nvmlInit_v2 failed: Driver/library version mismatch (code 18):"
                + " the driver was updated: reboot, or reload the nvidia kernel module", e.getMessage());

        fake.control.fake_nvml_fail_init(4); // NVML_ERROR_NO_PERMISSION
        e = assertThrows(GpuSamplerException.class, () -> GpuSamplers.detect(nvml(fake)));
        assertTrue(e.getMessage().endsWith("Insufficient Permissions (code 4): run as a user allowed to read the GPU"
                + " (/dev/nvidia*)"), e.getMessage());

        fake.control.fake_nvml_fail_init(9); // NVML_ERROR_DRIVER_NOT_LOADED
        e = assertThrows(GpuSamplerException.class, () -> GpuSamplers.detect(nvml(fake)));
        assertEquals(GpuSamplerError.Kind.NO_DRIVER, e.kind());
        assertEquals(0, fake.control.fake_nvml_init_depth());
    }

    @Test
    void autoFallsBackFromAFailingNvmlToTheNextSourceWithOneWarning() throws Exception {
        FakeNvml fake = FakeNvml.build(FakeNvml.Variant.FULL, 1);
        fake.control.fake_nvml_fail_init(18);
        Map<String, String> env = new java.util.HashMap<>(dev.memlens.core.gpu.StandIns.install(dir, "nvidia-smi"));
        env.put(NvmlBinding.LIBRARY_VARIABLE, fake.library.toString());
        try (GpuSampler sampler = GpuSamplers.detect(GpuSamplerOptions.defaults(env).withIntervalMs(50))) {
            assertTrue(sampler.description().startsWith("nvidia-smi"), sampler.description());
            RecordingSink sink = new RecordingSink();
            sampler.start(sink);
            await("a sample", () -> !sink.samples.isEmpty());
            sampler.stop();
            assertEquals(List.of("NVML (" + fake.library + "): nvmlInit_v2 failed: Driver/library version mismatch"
                    + " (code 18): the driver was updated: reboot, or reload the nvidia kernel module — trying the"
                    + " next GPU source"), sink.warnings);
        }
    }

    @Test
    void aLostGpuEndsSamplingWithOneFatalErrorAndShutsNvmlDown() throws Exception {
        FakeNvml fake = FakeNvml.build(FakeNvml.Variant.FULL, 1);
        fake.control.fake_nvml_set_memory(0, H200_TOTAL, GIB, 0, 0);
        fake.control.fake_nvml_fail_memory(0, 15, 6); // NVML_ERROR_GPU_IS_LOST from the 7th memory call on
        GpuSampler sampler = GpuSamplers.detect(nvml(fake).withIntervalMs(2));
        sampler.baseline();
        RecordingSink sink = new RecordingSink();
        sampler.start(sink);
        await("the fatal error", sink::hasFatalError);
        sampler.stop();
        assertEquals(5, sink.samples.size(), "calls 2 to 6; the baseline was call 1");
        assertEquals(1, sink.errors.size());
        GpuSamplerError error = sink.errors.get(0);
        assertEquals(GpuSamplerError.Kind.GPU_LOST, error.kind());
        assertEquals("NVML (" + fake.library + "): nvmlDeviceGetMemoryInfo_v2 of GPU 0 failed: GPU is lost"
                + " (code 15): the GPU fell off the bus: check dmesg and reset or reboot", error.message());
        assertEquals(0, fake.control.fake_nvml_init_depth());
    }

    @Test
    void stopShutsNvmlDownOnceAndABaselineAfterStopOpensAndClosesItsOwnSession() throws Exception {
        FakeNvml fake = FakeNvml.build(FakeNvml.Variant.FULL, 1);
        fake.control.fake_nvml_set_memory(0, H200_TOTAL, 2 * GIB, 0, 0);
        int initsBefore = fake.control.fake_nvml_init_calls();
        int shutdownsBefore = fake.control.fake_nvml_shutdown_calls();
        GpuSampler sampler = GpuSamplers.detect(nvml(fake).withIntervalMs(5));
        assertEquals(1, fake.control.fake_nvml_init_depth());
        RecordingSink sink = new RecordingSink();
        sampler.start(sink);
        await("samples", () -> sink.samples.size() >= 3);
        sampler.stop();
        sampler.stop();
        assertEquals(0, fake.control.fake_nvml_init_depth());
        assertEquals(2 * GIB, sampler.baseline().get(0).usedBytes());
        assertEquals(0, fake.control.fake_nvml_init_depth());
        assertEquals(2, fake.control.fake_nvml_init_calls() - initsBefore);
        assertEquals(2, fake.control.fake_nvml_shutdown_calls() - shutdownsBefore);
    }

    @Test
    void selectionByIndexAndByCudaVisibleDevicesUuid() throws Exception {
        FakeNvml fake = FakeNvml.build(FakeNvml.Variant.FULL, 3);
        for (int i = 0; i < 3; i++) {
            fake.control.fake_nvml_set_memory(i, H200_TOTAL, (i + 1) * GIB, 0, 0);
        }
        try (GpuSampler sampler = GpuSamplers.detect(nvml(fake).withGpuIndices(List.of(2)))) {
            List<GpuSample> baseline = sampler.baseline();
            assertEquals(1, baseline.size());
            assertEquals(3 * GIB, baseline.get(0).usedBytes());
        }
        Map<String, String> env = new java.util.HashMap<>(fake.environment(dir));
        env.put("CUDA_VISIBLE_DEVICES", "GPU-fake0000-0000-0000-0000-000000000001");
        try (GpuSampler sampler = GpuSamplers.detect(GpuSamplerOptions.defaults(env).withSource("nvml"))) {
            assertEquals(List.of(1), sampler.baseline().stream().map(GpuSample::index).toList());
        }
        try (GpuSampler sampler = GpuSamplers.detect(nvml(fake).withGpuIndices(List.of(7)))) {
            GpuSamplerException e = assertThrows(GpuSamplerException.class, sampler::baseline);
            assertEquals(GpuSamplerError.Kind.NO_DEVICES, e.kind());
        }
    }

    @Test
    void perProcessMemoryFromTheV3ProcessList() throws Exception {
        FakeNvml fake = FakeNvml.build(FakeNvml.Variant.FULL, 2);
        fake.control.fake_nvml_set_memory(0, H200_TOTAL, 10 * GIB, 0, 0);
        fake.control.fake_nvml_set_memory(1, H200_TOTAL, 0, 0, 0);
        for (int pid = 100; pid < 120; pid++) { // more than the first buffer holds: the size is negotiated
            fake.control.fake_nvml_add_process(0, pid, pid * MIB);
        }
        fake.control.fake_nvml_add_process(1, 7, -1L); // NVML_VALUE_NOT_AVAILABLE
        try (GpuSampler sampler = GpuSamplers.detect(nvml(fake).withIntervalMs(20).withProcessIntervalMs(20))) {
            RecordingSink sink = new RecordingSink();
            sampler.start(sink);
            await("a process list", () -> !sink.processes.isEmpty());
            sampler.stop();
            List<GpuProcessSample> listed = sink.processes.get(0);
            assertEquals(21, listed.size());
            GpuProcessSample first = listed.get(0);
            assertEquals(100, first.pid());
            assertEquals(100 * MIB, first.usedBytes());
            assertEquals(0, first.gpuIndex());
            assertEquals("GPU-fake0000-0000-0000-0000-000000000000", first.gpuUuid());
            assertEquals(119 * MIB, listed.get(19).usedBytes());
            GpuProcessSample unknown = listed.get(20);
            assertEquals(7, unknown.pid());
            assertNull(unknown.usedBytes());
            assertEquals(1, unknown.gpuIndex());
        }
    }

    @Test
    void oneKilohertzDeliversEveryReadingInOrderAndCatchesATwentyReadingSpike() throws Exception {
        FakeNvml fake = FakeNvml.build(FakeNvml.Variant.FULL, 1);
        long base = 600 * MIB;
        fake.control.fake_nvml_set_memory(0, H200_TOTAL, base, 0, 1); // every reading one byte more
        fake.control.fake_nvml_set_spike(0, 1500, 20, 8 * GIB);
        int wanted = 3000;
        GpuSampler sampler = GpuSamplers.detect(nvml(fake).withIntervalMs(1).withProcessIntervalMs(0));
        RecordingSink sink = new RecordingSink();
        sampler.start(sink);
        await(wanted + " samples at 1 ms", () -> sink.samples.size() >= wanted);
        sampler.stop();
        List<GpuSample> samples = List.copyOf(sink.samples);
        assertEquals(fake.control.fake_nvml_memory_calls(0), samples.size(), "every NVML reading is one sample");
        int spiked = 0;
        long peak = 0;
        for (int k = 0; k < samples.size(); k++) {
            GpuSample s = samples.get(k);
            boolean inSpike = k >= 1500 && k < 1520;
            assertEquals(base + k + (inSpike ? 8 * GIB : 0), s.usedBytes(), "reading " + k);
            if (k > 0) {
                assertTrue(s.timestampMillis() >= samples.get(k - 1).timestampMillis(), "time order at " + k);
            }
            spiked += inSpike ? 1 : 0;
            peak = Math.max(peak, s.usedBytes());
        }
        assertEquals(20, spiked);
        assertEquals(base + 1519 + 8 * GIB, peak);
        assertTrue(sink.errors.isEmpty(), sink.errors.toString());
        assertInstanceOf(NvmlGpuSampler.class, sampler);
    }

    @Test
    void aReadingAllocatesOnlyTheSampleItReturns() throws Exception {
        FakeNvml fake = FakeNvml.build(FakeNvml.Variant.FULL, 1);
        fake.control.fake_nvml_set_memory(0, H200_TOTAL, 9 * GIB, 527 * MIB, 0);
        fake.control.fake_nvml_set_readings(0, 50, 400_000);
        try (NvmlSession session = NvmlSession.open(fake.environment(dir))) {
            NvmlDevice device = session.devices().get(0);
            for (int i = 0; i < 20_000; i++) {
                device.read(i); // warm-up: JIT
            }
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long id = Thread.currentThread().getId();
            int reads = 10_000;
            long before = threads.getThreadAllocatedBytes(id);
            long sum = 0;
            for (int i = 0; i < reads; i++) {
                sum += device.read(i).usedBytes();
            }
            long perRead = (threads.getThreadAllocatedBytes(id) - before) / reads;
            assertEquals(reads * 9 * GIB, sum);
            // a GpuSample (about 64 bytes) and its boxed reserved figure; JNA interface mapping would add hundreds
            assertTrue(perRead <= 128, perRead + " bytes allocated per reading");
        }
    }
}
