package dev.memlens.app.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.app.task.SameThreadTaskExecutor;
import dev.memlens.testsupport.RealSshd;
import dev.memlens.testsupport.StandInExecutables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Profile tab's Target: "Test connection" against a real sshd whose sessions find a stand-in nvidia-smi. */
class TargetViewModelWithRealSshdTest {
    @TempDir
    static Path dir;
    static RealSshd sshd;

    @BeforeAll
    static void start() throws Exception {
        StandInExecutables bin = new StandInExecutables(dir.resolve("host"));
        bin.install("/gpu/standins/nvidia-smi", "nvidia-smi");
        sshd = RealSshd.start(dir.resolve("sshd"), dir.resolve("host/stand-in-bin"),
                Map.of("STANDIN_STATE", dir.toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (sshd != null) {
            sshd.close();
        }
    }

    @Test
    void testConnectionReportsTheHostsGpusAndRemembersTheHost(@TempDir Path tmp) throws Exception {
        Path recent = tmp.resolve("recent-hosts.txt");
        TargetViewModel vm = new TargetViewModel(new SameThreadTaskExecutor(), Map.of("PATH", "/usr/bin:/bin"), recent);
        assertEquals("", vm.problem(), "this machine needs nothing");
        vm.targetProperty().set(TargetViewModel.Target.SSH_HOST);
        vm.hostProperty().set("-oProxyCommand=x");
        assertTrue(vm.problem().contains("starts with '-'"), vm.problem());
        vm.hostProperty().set(RealSshd.ALIAS);
        vm.sshConfigProperty().set(sshd.config().toString());
        assertEquals("", vm.problem());
        vm.testConnection();
        assertFalse(vm.testingProperty().get());
        assertFalse(vm.lastTestFailedProperty().get(), vm.statusProperty().get());
        assertEquals("Connected to gpu-box: 2 GPU(s) — GPU 0 NVIDIA H200 (140.40 GiB), GPU 1 NVIDIA H100 80GB HBM3, "
                + "Special Edition (140.40 GiB)", vm.statusProperty().get());
        assertEquals(List.of("gpu-box"), vm.recentHosts());
        assertEquals(List.of("gpu-box"), Files.readAllLines(recent));
        TargetViewModel again = new TargetViewModel(new SameThreadTaskExecutor(), Map.of(), recent);
        assertEquals("gpu-box", again.hostProperty().get(), "the last host is offered first");
    }

    @Test
    void aRefusedKeySaysWhatToDo(@TempDir Path tmp) {
        TargetViewModel vm = new TargetViewModel(new SameThreadTaskExecutor(), Map.of("PATH", "/usr/bin:/bin"),
                tmp.resolve("recent-hosts.txt"));
        vm.targetProperty().set(TargetViewModel.Target.SSH_HOST);
        vm.hostProperty().set(RealSshd.ALIAS);
        vm.sshConfigProperty().set(sshd.configRefusedKey().toString());
        vm.testConnection();
        assertTrue(vm.lastTestFailedProperty().get());
        assertTrue(vm.statusProperty().get().contains("refused the authentication"), vm.statusProperty().get());
        assertTrue(vm.recentHosts().isEmpty(), "a host that refused is not remembered");
    }
}
