package dev.memlens.app.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.app.task.SameThreadTaskExecutor;
import dev.memlens.core.process.Host;
import dev.memlens.core.process.ManagedProcess;
import dev.memlens.core.process.OutputListener;
import dev.memlens.core.process.ProcessIdentity;
import dev.memlens.core.process.ProcessResult;
import dev.memlens.core.process.ProcessSpec;
import dev.memlens.core.run.Survivor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SurvivorsViewModelTest {
    @TempDir
    Path runs;

    @Test
    void survivorsAreNamedAndOneClickEndsTheirTree() throws Exception {
        ManagedProcess engine = Host.local().start(ProcessSpec.of("sleep", "1000"), OutputListener.NONE);
        try {
            ProcessIdentity identity = engine.identity().orElseThrow();
            Survivor survivor = new Survivor("20261201-100000-bench-llama", "sleep", identity, engine.tag(),
                    List.of(identity.pid()));
            SurvivorsViewModel vm = new SurvivorsViewModel(new SameThreadTaskExecutor(), runs);
            assertFalse(vm.presentProperty().get());

            vm.show(List.of(survivor));
            assertTrue(vm.presentProperty().get());
            assertEquals("Processes of an interrupted run are still running and may hold GPU memory: sleep of run "
                    + "20261201-100000-bench-llama: 1 process(es) still running (pid " + identity.pid() + ")",
                    vm.messageProperty().get());

            vm.endThem();
            ProcessResult ended = engine.awaitResult(Duration.ofSeconds(60)).orElseThrow();
            assertEquals(143, ended.exitCode(), "SIGTERM ended it");
            assertFalse(vm.presentProperty().get());
            assertEquals("ended sleep of run 20261201-100000-bench-llama: 1 process(es)", vm.messageProperty().get());
        } finally {
            engine.cancelAndWait();
        }
    }
}
