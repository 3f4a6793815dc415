package dev.memlens.app.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.gpu.GpuProcessSample;
import dev.memlens.core.gpu.nvidia.ComputeAppsParser;
import dev.memlens.core.units.MemoryUnit;
import dev.memlens.testutil.Resources;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Recorded nvidia-smi --query-compute-apps output from an H200 run, polled into the Processes view's rows. */
class ProcessesViewModelTest {
    private static List<GpuProcessSample> poll(String resource, long ts) throws Exception {
        List<String> lines = Files.readAllLines(Resources.path(resource));
        String uuid = lines.stream().filter(l -> l.contains("GPU-")).findFirst()
                .map(l -> l.substring(l.lastIndexOf("GPU-")).trim()).orElse("GPU-x");
        return ComputeAppsParser.parse(lines, ts, Map.of(uuid, 0));
    }

    @Test
    void aPollListsEachProcessWithItsGpuAndMemoryAndAnEndedOneKeepsItsPeak() throws Exception {
        ProcessesViewModel vm = new ProcessesViewModel(Runnable::run);
        List<GpuProcessSample> running = poll("gpu/h200/runs/llama2-7b-b8-256-256/compute-apps.csv", 1_000);
        assertFalse(running.isEmpty());
        vm.onProcesses(1_000, running);
        GpuProcessSample first = running.get(0);
        ProcessesViewModel.Row row = vm.rows().stream().filter(r -> r.pid() == first.pid()).findFirst().orElseThrow();
        assertEquals(first.processName(), row.name());
        assertEquals("GPU 0", row.gpu());
        assertEquals(String.format(java.util.Locale.ROOT, "%.2f GiB", first.usedBytes() / (double) (1L << 30)), row.used());
        assertTrue(row.running());

        vm.onProcesses(2_000, poll("gpu/h200/nvidia-smi/apps-empty.csv", 2_000));
        ProcessesViewModel.Row ended = vm.rows().stream().filter(r -> r.pid() == first.pid()).findFirst().orElseThrow();
        assertFalse(ended.running());
        assertEquals("ended", ended.used());
        assertEquals(row.used(), ended.peak(), "the peak stays after the process ended");

        vm.unitProperty().set(MemoryUnit.GB);
        assertEquals(String.format(java.util.Locale.ROOT, "%.2f GB", first.usedBytes() / 1e9), vm.rows().stream()
                .filter(r -> r.pid() == first.pid()).findFirst().orElseThrow().peak());
        vm.reset();
        assertTrue(vm.rows().isEmpty());
    }
}
