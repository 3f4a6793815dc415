package dev.memlens.app.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.app.task.SameThreadTaskExecutor;
import dev.memlens.core.report.AccountComponent;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunMode;
import dev.memlens.core.report.RunStatus;
import dev.memlens.testsupport.StandInExecutables;
import dev.memlens.testutil.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Transformers and Container forms run to a saved result, without the toolkit, against a stand-in `python3`
 * replaying a real H100 recording, a stand-in `docker` and a stand-in `nvidia-smi`.
 */
class ModeFormsRunWithStandInsTest {
    @TempDir
    Path dir;
    private Map<String, String> env;
    private final List<RunResult> ended = new ArrayList<>();

    @BeforeEach
    void setUp() {
        StandInExecutables bin = new StandInExecutables(dir);
        bin.install("/gpu/standins/nvidia-smi", "nvidia-smi");
        bin.install("/modes/stand-in-python.sh", "python3");
        bin.install("/modes/stand-in-docker.sh", "docker");
        env = new HashMap<>(bin.environment());
        env.put("STANDIN_STATE", dir.toString());
        env.put("HOME", dir.resolve("home").toString());
        env.put("MEMLENS_REPLAY_JSONL", Resources.path("hf/real-h100-llama32-1b-bf16-b4-512-128.jsonl").toString());
    }

    private WorkbenchViewModel workbench() {
        return new WorkbenchViewModel(new WorkbenchServices(env, dir.resolve("runs"), dir.resolve("config"), null),
                new SameThreadTaskExecutor(), Runnable::run, ended::add);
    }

    private ProfileReport onlyResult() {
        assertEquals(1, ended.size());
        ProfileReport report = ended.get(0).outcome().report();
        assertTrue(Files.isRegularFile(ended.get(0).outcome().savedTo()), "saved into the run library");
        return report;
    }

    @Test
    void theTransformersFormRunsToAReportWithTheAllocatorsFigures() {
        WorkbenchViewModel wb = workbench();
        wb.modelPicker().modelProperty().set(Resources.path("hf/llama-3.2-1b-config/config.json").toString());
        wb.selectedFormProperty().set(wb.hf());
        wb.hf().randomWeights.set(true);
        wb.hf().batchSize.set("4");
        wb.hf().inputLen.set("512");
        wb.hf().maxNewTokens.set("128");
        wb.hf().intervalMs.set("20");
        assertTrue(wb.canRunProperty().get(), wb.runBlockedReasonProperty().get());
        wb.runSelected();
        ProfileReport r = onlyResult();
        assertEquals(RunStatus.COMPLETED, r.status(), r.statusMessage());
        assertEquals(RunMode.HF, r.mode());
        assertEquals(FigureSource.TORCH_ALLOCATOR, r.account().item(AccountComponent.WEIGHTS).orElseThrow().source());
        assertEquals(2_472_678_912L, r.account().bytes(AccountComponent.WEIGHTS));
        assertTrue(r.hasCalculatorValues(), "the estimator's values are pre-filled for the config's model");
    }

    @Test
    void theContainerFormFindsTheRunningContainersAndProfilesTheOneChosen() throws Exception {
        Path replay = Files.createDirectories(dir.resolve("replay"));
        for (String name : List.of("ps.jsonl", "port-hf-worker.txt", "proc-hf-worker.txt")) {
            Files.copy(Resources.path("docker/replay/" + name), replay.resolve(name));
        }
        Files.createDirectories(replay.resolve("fs-hf-worker/model"));
        Files.copy(Resources.path("hf/llama-3.2-1b-config/config.json"), replay.resolve("fs-hf-worker/model/config.json"));
        env.put("DOCKER_REPLAY_DIR", replay.toString());
        env.put("DOCKER_CALL_LOG", dir.resolve("calls.log").toString());
        WorkbenchViewModel wb = workbench();
        wb.selectedFormProperty().set(wb.container());
        wb.container().refreshContainers();
        assertTrue(wb.container().containers().stream().anyMatch(c -> c.name().equals("hf-worker")),
                wb.container().containers().toString());
        wb.container().container.set("hf-worker");
        wb.container().inputLen.set("512");
        wb.container().batchSize.set("4");
        wb.container().maxTokens.set("128");
        assertTrue(wb.canRunProperty().get(), wb.runBlockedReasonProperty().get());
        wb.runSelected();
        ProfileReport r = onlyResult();
        assertEquals(RunStatus.COMPLETED, r.status(), r.statusMessage());
        assertEquals(RunMode.DOCKER, r.mode());
        assertEquals(2_472_678_912L, r.account().bytes(AccountComponent.WEIGHTS));
    }
}
