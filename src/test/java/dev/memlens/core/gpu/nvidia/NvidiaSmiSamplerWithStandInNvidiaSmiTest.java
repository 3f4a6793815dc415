package dev.memlens.core.gpu.nvidia;

import static dev.memlens.core.gpu.RecordingSink.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.gpu.GpuGap;
import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.gpu.GpuSampler;
import dev.memlens.core.gpu.GpuSamplerError;
import dev.memlens.core.gpu.GpuSamplerException;
import dev.memlens.core.gpu.GpuSamplerOptions;
import dev.memlens.core.gpu.GpuSamplers;
import dev.memlens.core.gpu.RecordingSink;
import dev.memlens.core.gpu.StandIns;
import dev.memlens.core.units.Bytes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The long-lived reader against a scripted nvidia-smi stand-in that works, hangs, dies, prints garbage or errors. */
class NvidiaSmiSamplerWithStandInNvidiaSmiTest {
    @TempDir
    Path dir;

    /** Tests that must see no spurious restart on a loaded machine allow 1 s without output (20 x 50 ms). */
    private GpuSampler sampler(String mode, Map<String, String> extra) throws Exception {
        return sampler(mode, extra, 20);
    }

    /** Tests of the hang detection use a 300 ms window (6 x 50 ms). */
    private GpuSampler hangingSampler(String mode, Map<String, String> extra) throws Exception {
        return sampler(mode, extra, 6);
    }

    private GpuSampler sampler(String mode, Map<String, String> extra, int hangIntervals) throws Exception {
        Map<String, String> env = StandIns.install(dir, "nvidia-smi");
        env.put("STANDIN_MODE", mode);
        env.putAll(extra);
        GpuSamplerOptions options = GpuSamplerOptions.defaults(env).withIntervalMs(50).withProcessIntervalMs(200)
                .withRetries(hangIntervals, 3);
        return GpuSamplers.detect(options);
    }

    /** The stand-in and everything it started (e.g. its hanging "sleep"), as seen now. */
    private static List<ProcessHandle> children() {
        List<ProcessHandle> list = new ArrayList<>();
        ProcessHandle.current().descendants().forEach(list::add);
        return list;
    }

    private static void assertAllDead(List<ProcessHandle> handles) {
        for (ProcessHandle handle : handles) {
            assertFalse(handle.isAlive(), "process " + handle.pid() + " " + handle.info().commandLine().orElse("")
                    + " survived stop()");
        }
    }

    @Test
    void samplesTwoGpusWithCommaNamesAndProcessesThenLeavesNoProcess() throws Exception {
        GpuSampler sampler = sampler("normal", Map.of());
        assertTrue(sampler.description().startsWith("nvidia-smi ("));
        List<GpuSample> baseline = sampler.baseline();
        assertEquals(2, baseline.size());
        assertEquals("NVIDIA H100 80GB HBM3, Special Edition", baseline.get(1).name());
        assertEquals(616 * Bytes.MIB, baseline.get(0).reservedBytes());

        RecordingSink sink = new RecordingSink();
        sampler.start(sink);
        await("10 samples and a process poll", () -> sink.samples.size() >= 10 && !sink.processes.isEmpty());
        List<ProcessHandle> running = children();
        assertTrue(running.stream().anyMatch(ProcessHandle::isAlive), "the long-lived nvidia-smi runs");
        long started = System.nanoTime();
        sampler.stop();
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "stop() is bounded");
        assertAllDead(running);
        assertTrue(children().stream().noneMatch(ProcessHandle::isAlive));

        GpuSample later = sink.samples.get(sink.samples.size() - 1);
        assertEquals(143771 * Bytes.MIB, later.totalBytes());
        assertTrue(sink.samples.stream().anyMatch(s -> s.usedBytes() > 1001 * Bytes.MIB), "memory grows per tick");
        assertEquals(2, sink.processes.get(0).size());
        assertEquals("vllm serve, worker", sink.processes.get(0).get(1).processName());
        assertEquals(1, sink.processes.get(0).get(1).gpuIndex());
        assertTrue(sink.errors.isEmpty(), sink.errors.toString());
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("memlens-nvidia-smi-reader") && t.isAlive()));
    }

    @Test
    void aHangingToolIsKilledRestartedAndTheGapMarked() throws Exception {
        GpuSampler sampler = hangingSampler("hang", Map.of("STANDIN_LINES", "2", "STANDIN_BAD_RUNS", "1"));
        RecordingSink sink = new RecordingSink();
        sampler.start(sink);
        await("a gap after the hang", () -> !sink.gaps.isEmpty());
        await("samples after the restart", () -> sink.samples.stream()
                .anyMatch(s -> s.timestampMillis() >= sink.gaps.get(0).toMillis()));
        List<ProcessHandle> running = children();
        sampler.stop();
        assertAllDead(running);
        GpuGap gap = sink.gaps.get(0);
        assertTrue(gap.toMillis() > gap.fromMillis());
        assertEquals(GpuSamplerError.Kind.HUNG, sink.errors.get(0).kind());
        assertFalse(sink.errors.get(0).fatal());
        assertTrue(sink.errors.get(0).message().contains("restarting"), sink.errors.get(0).message());
        assertFalse(sink.hasFatalError());
    }

    @Test
    void stopWhileTheToolHangsKillsItsWholeTree() throws Exception {
        GpuSampler sampler = hangingSampler("hang", Map.of("STANDIN_LINES", "1", "STANDIN_BAD_RUNS", "99"));
        RecordingSink sink = new RecordingSink();
        sampler.start(sink);
        await("the first samples", () -> sink.samples.size() >= 2);
        await("the stand-in's sleep child", () -> children().stream()
                .anyMatch(h -> h.info().command().map(c -> c.endsWith("sleep")).orElse(false)));
        List<ProcessHandle> running = children();
        long started = System.nanoTime();
        sampler.stop();
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "stop() is bounded");
        assertAllDead(running);
    }

    @Test
    void aToolThatKeepsHangingIsGivenUpWithOneFatalError() throws Exception {
        GpuSampler sampler = hangingSampler("hang", Map.of("STANDIN_LINES", "1", "STANDIN_BAD_RUNS", "99"));
        RecordingSink sink = new RecordingSink();
        sampler.start(sink);
        await("a fatal error", sink::hasFatalError);
        sampler.stop();
        List<GpuSamplerError> fatal = sink.errors.stream().filter(GpuSamplerError::fatal).toList();
        assertEquals(1, fatal.size());
        assertTrue(fatal.get(0).message().contains("did not help"), fatal.get(0).message());
        assertEquals(3, sink.errors.size() - 1, "three restarts before giving up");
        assertFalse(sink.gaps.isEmpty(), "the missing time is marked");
        assertTrue(children().stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void aCrashingToolIsRestarted() throws Exception {
        GpuSampler sampler = sampler("die", Map.of("STANDIN_LINES", "2", "STANDIN_BAD_RUNS", "2"));
        RecordingSink sink = new RecordingSink();
        sampler.start(sink);
        await("two gaps and samples after them", () -> sink.gaps.size() >= 2 && sink.samples.stream()
                .anyMatch(s -> s.timestampMillis() >= sink.gaps.get(1).toMillis()));
        sampler.stop();
        assertTrue(sink.errors.get(0).message().contains("exited (code 1)"), sink.errors.get(0).message());
        assertFalse(sink.hasFatalError());
    }

    @Test
    void garbageIsSkippedThenTreatedAsAHang() throws Exception {
        GpuSampler sampler = hangingSampler("garbage", Map.of("STANDIN_LINES", "2", "STANDIN_BAD_RUNS", "1"));
        RecordingSink sink = new RecordingSink();
        sampler.start(sink);
        await("recovery after garbage", () -> !sink.gaps.isEmpty() && sink.samples.stream()
                .anyMatch(s -> s.timestampMillis() >= sink.gaps.get(0).toMillis()));
        sampler.stop();
        assertTrue(sink.errors.get(0).message().contains("no usable line"), sink.errors.get(0).message());
        assertTrue(sink.samples.stream().allMatch(s -> s.uuid().startsWith("GPU-0000000")));
    }

    @Test
    void memoryInKibIsReadAsBytes() throws Exception {
        GpuSampler sampler = sampler("kib", Map.of());
        assertEquals(1000 * Bytes.MIB, sampler.baseline().get(0).usedBytes());
        RecordingSink sink = new RecordingSink();
        sampler.start(sink);
        await("samples", () -> sink.samples.size() >= 4);
        sampler.stop();
        assertTrue(sink.errors.isEmpty(), sink.errors.toString());
        GpuSample first = sink.samples.get(0);
        assertEquals(0, (first.usedBytes() - 1000 * Bytes.MIB) % (10 * Bytes.MIB), "a KiB reading of a MiB figure");
    }

    @Test
    void aCellInAnUnknownUnitIsAnErrorNotADeadReader() throws Exception {
        GpuSampler sampler = hangingSampler("bad-unit", Map.of("STANDIN_LINES", "2", "STANDIN_BAD_RUNS", "1"));
        RecordingSink sink = new RecordingSink();
        sampler.start(sink);
        await("samples after the restart", () -> !sink.gaps.isEmpty() && sink.samples.stream()
                .anyMatch(s -> s.timestampMillis() >= sink.gaps.get(0).toMillis()));
        sampler.stop();
        GpuSamplerError unreadable = sink.errors.get(0);
        assertFalse(unreadable.fatal());
        assertTrue(unreadable.message().contains("memory cell \"12 XB\" has a unit that is not B, KiB, MiB, GiB or TiB"),
                unreadable.message());
        assertEquals(1, sink.errors.stream().filter(e -> e.message().contains("has a unit")).count(), "said once");
        assertFalse(sink.hasFatalError());
    }

    @Test
    void outputWithoutNewlinesIsBoundedReportedAndTheToolRestarted() throws Exception {
        GpuSampler sampler = hangingSampler("no-newline", Map.of("STANDIN_LINES", "2", "STANDIN_BAD_RUNS", "1"));
        RecordingSink sink = new RecordingSink();
        sampler.start(sink);
        await("samples after the restart", () -> !sink.gaps.isEmpty() && sink.samples.stream()
                .anyMatch(s -> s.timestampMillis() >= sink.gaps.get(0).toMillis()));
        List<ProcessHandle> running = children();
        sampler.stop();
        assertAllDead(running);
        assertTrue(sink.errors.stream().anyMatch(e -> e.message().contains("a line over 65536 characters")),
                sink.errors.toString());
        assertFalse(sink.hasFatalError());
    }

    @Test
    void aGpuLostDuringSamplingIsOneFatalErrorAndAClosedGap() throws Exception {
        GpuSampler sampler = sampler("lost-later", Map.of("STANDIN_STATE", dir.toString(), "STANDIN_LINES", "2"));
        sampler.baseline();
        RecordingSink sink = new RecordingSink();
        sampler.start(sink);
        await("the fatal error", sink::hasFatalError);
        sampler.stop();
        assertEquals(1, sink.errors.size(), sink.errors.toString());
        assertEquals(GpuSamplerError.Kind.GPU_LOST, sink.errors.get(0).kind());
        assertEquals(1, sink.gaps.size(), "the missing end of the run is marked");
        assertTrue(sink.gaps.get(0).reason().contains("GPU_LOST"), sink.gaps.get(0).reason());
        assertEquals(GpuSamplerError.Kind.GPU_LOST, assertThrows(GpuSamplerException.class, sampler::baseline).kind());
    }

    @Test
    void driverErrorsBecomeOneClearError() throws Exception {
        for (String mode : List.of("gpu-lost", "mismatch", "no-devices", "no-driver")) {
            GpuSampler sampler = sampler(mode, Map.of());
            GpuSamplerException baseline = assertThrows(GpuSamplerException.class, sampler::baseline, mode);
            RecordingSink sink = new RecordingSink();
            sampler.start(sink);
            await("the error of " + mode, sink::hasFatalError);
            sampler.stop();
            assertEquals(1, sink.errors.size(), mode);
            assertEquals(baseline.kind(), sink.errors.get(0).kind(), mode);
            assertTrue(sink.samples.isEmpty());
        }
    }

    @Test
    void anOldDriverWithoutMemoryReservedStillSamples() throws Exception {
        GpuSampler sampler = sampler("old-driver", Map.of());
        List<GpuSample> baseline = sampler.baseline();
        assertNull(baseline.get(0).reservedBytes());
        assertEquals(79.23, baseline.get(0).powerWatts());
        RecordingSink sink = new RecordingSink();
        sampler.start(sink);
        await("samples", () -> sink.samples.size() >= 4);
        sampler.stop();
        assertTrue(sink.errors.isEmpty(), sink.errors.toString());
    }

    @Test
    void unifiedMemoryFallsBackToProcessSumsAndSaysSo() throws Exception {
        GpuSampler sampler = sampler("unified", Map.of());
        List<GpuSample> baseline = sampler.baseline();
        assertEquals(1024 * Bytes.MIB, baseline.get(0).usedBytes());
        assertEquals(GpuSample.MemoryBasis.PROCESS_SUM, baseline.get(0).basis());
        assertNull(baseline.get(0).totalBytes());
        RecordingSink sink = new RecordingSink();
        sampler.start(sink);
        await("process-sum samples", () -> sink.samples.size() >= 4);
        sampler.stop();
        assertTrue(sink.samples.stream().allMatch(s -> s.basis() == GpuSample.MemoryBasis.PROCESS_SUM));
        assertEquals(2048 * Bytes.MIB, sink.samples.stream().filter(s -> s.index() == 1).findFirst().orElseThrow()
                .usedBytes());
        assertTrue(sink.warnings.stream().anyMatch(w -> w.contains("unified memory")), sink.warnings.toString());
    }

    @Test
    void cudaVisibleDevicesSelectsByUuid() throws Exception {
        GpuSampler sampler = sampler("normal", Map.of("CUDA_VISIBLE_DEVICES", "GPU-00000001"));
        List<GpuSample> baseline = sampler.baseline();
        assertEquals(1, baseline.size());
        assertEquals(1, baseline.get(0).index());
    }
}
