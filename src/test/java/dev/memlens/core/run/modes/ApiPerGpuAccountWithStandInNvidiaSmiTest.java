package dev.memlens.core.run.modes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.gpu.GpuProcessSample;
import dev.memlens.core.gpu.GpuSamplerOptions;
import dev.memlens.core.report.AccountComponent;
import dev.memlens.core.report.AccountItem;
import dev.memlens.core.report.GpuAccount;
import dev.memlens.core.report.MemoryAccount;
import dev.memlens.core.report.ProcessMemory;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunStatus;
import dev.memlens.core.run.ProfileSession;
import dev.memlens.core.run.SessionListener;
import dev.memlens.core.run.SessionSettings;
import dev.memlens.core.units.Bytes;
import dev.memlens.testsupport.StandInExecutables;
import dev.memlens.testsupport.StandInVllmServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An attached server on two GPUs sampled by the stand-in nvidia-smi, which lists a process on each (1024 MiB on GPU 0,
 * 2048 MiB on GPU 1) while the GPUs' used memory is about 1000 MiB and more: the run's total is the processes' memory,
 * and so is each GPU's, adding up to it.
 */
class ApiPerGpuAccountWithStandInNvidiaSmiTest {
    private static final long MIB = Bytes.MIB;
    @TempDir
    Path temp;

    @Test
    void eachGpusTotalIsItsServerProcessesMemoryAtTheRunsPeakAndTheyAddUpToTheTotal() throws Exception {
        StandInExecutables bin = new StandInExecutables(temp);
        bin.install("/gpu/standins/nvidia-smi", "nvidia-smi");
        Map<String, String> env = Map.of("PATH", bin.path(), "STANDIN_STATE", temp.toString());
        CountDownLatch polled = new CountDownLatch(1);
        SessionListener listener = new SessionListener() {
            @Override
            public void onProcesses(long timestampMillis, List<GpuProcessSample> processes) {
                if (!processes.isEmpty()) {
                    polled.countDown(); // the recorder has kept the poll before the listener hears it
                }
            }
        };
        // the requests wait for a per-process poll, so the run has one whatever the machine's speed
        try (StandInVllmServer server = new StandInVllmServer().holdCompletionsUntil(polled).start()) {
            ApiWorkload workload = new ApiWorkload(new ApiConfig(server.baseUrl(), null, "Qwen/Qwen2.5-0.5B-Instruct",
                    "Hello", 4, 1, false, false, null, 1, Duration.ofMillis(20), null));
            SessionSettings settings = new SessionSettings(temp.resolve("runs"), GpuSamplerOptions.defaults(env)
                    .withIntervalMs(20).withProcessIntervalMs(20), null, env, null, null, null);
            ProfileReport r = new ProfileSession(settings, workload, listener).run().report();

            assertEquals(RunStatus.COMPLETED, r.status(), String.valueOf(r.statusMessage()));
            MemoryAccount a = r.account();
            assertEquals(3072 * MIB, a.totalBytes(), a.totalNote());
            assertTrue(a.totalNote().contains("per-process memory"), a.totalNote());
            assertEquals(List.of(0, 1), a.perGpu().stream().map(GpuAccount::index).toList());
            assertEquals(List.of(1024 * MIB, 2048 * MIB), a.perGpu().stream().map(GpuAccount::totalBytes).toList(),
                    "each GPU's server processes, not its used memory");
            for (GpuAccount g : a.perGpu()) {
                assertEquals(g.totalBytes(), g.items().stream().filter(AccountItem::isKnown)
                        .mapToLong(AccountItem::bytes).sum(), "unattributed closes GPU " + g.index());
                assertEquals(g.totalBytes(), g.items().stream().filter(i -> i.component() == AccountComponent.UNATTRIBUTED)
                        .findFirst().orElseThrow().bytes(), "no model config: every item but the rest is unknown");
            }
            assertEquals(List.of(1024 * MIB, 2048 * MIB), r.processes().stream().map(ProcessMemory::usedAtPeakBytes)
                    .toList(), "the processes section reads the same moment");
        }
    }
}
