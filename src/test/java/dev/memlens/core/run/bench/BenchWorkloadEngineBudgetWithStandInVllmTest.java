package dev.memlens.core.run.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.run.WorkloadFailedException;
import dev.memlens.core.run.modes.RecordingRunContext;
import dev.memlens.core.vllm.breakdown.EngineBudget;
import dev.memlens.testsupport.StandInExecutables;
import dev.memlens.testutil.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench workload's one parser of vLLM's output tells the session the engine's budget and which lines are
 * failures: a stand-in {@code vllm} replays the real v0.19 H100 log of run/bench (the same file as
 * vllm/v1-0.19-llama3.1-8b-h100-debug.log: non-default args gpu_memory_utilization 0.95; "total_memory=79.19GiB";
 * "Requested memory: 0.950000 (util), 75.23 GiB"), or another recorded log of src/test/resources/vllm.
 */
class BenchWorkloadEngineBudgetWithStandInVllmTest {
    private static final long GIB = 1L << 30;
    /** vLLM's own budget: 0.95 × the 79.19 GiB its log says it saw. */
    private static final long LOGGED_PER_GPU = Math.round(0.95 * Math.round(79.19 * GIB));

    @TempDir
    Path dir;
    private Map<String, String> env;

    @BeforeEach
    void installStandIn() {
        StandInExecutables bin = new StandInExecutables(dir);
        bin.install("/run/bench/stand-in-vllm.sh", "vllm");
        env = new HashMap<>(bin.environment());
        env.put("STANDIN_VLLM_DIR", Resources.path("run/bench").toString());
    }

    private RecordingRunContext run(Double utilization) throws Exception {
        BenchConfig c = BenchConfig.of("meta-llama/Llama-3.1-8B-Instruct", 128, 32);
        BenchConfig config = new BenchConfig(c.vllmCommand(), c.model(), c.inputLen(), c.outputLen(), c.batchSize(),
                c.dtype(), c.tensorParallelSize(), null, null, false, false, 10, 30, null, utilization, true, List.of());
        Path scratch = Files.createDirectories(dir.resolve("scratch"));
        RecordingRunContext ctx = new RecordingRunContext(env, scratch);
        try {
            new BenchWorkload(config).run(ctx);
        } catch (WorkloadFailedException e) {
            // an OOM replay fails the run; its lines were still reported
        }
        return ctx;
    }

    @Test
    void withoutTheArgumentTheVersionsDefaultComesFirstThenTheLogsFigureOnce() throws Exception {
        RecordingRunContext ctx = run(null);
        assertEquals(List.of(EngineBudget.versionDefault("0.19.0"),
                EngineBudget.fromLog(0.95).withPerGpuBytes(LOGGED_PER_GPU)), ctx.engineBudgets);
        assertEquals(0.9, ctx.engineBudgets.get(0).share(), "vLLM 0.19's default, from `vllm --version`");
        assertEquals("vLLM 0.19.0's default, not yet in the log", ctx.engineBudgets.get(0).sourceLabel());
        assertEquals(75.23, (double) ctx.engineBudgets.get(1).perGpuBytes() / GIB, 0.005, "as the log prints it");
    }

    @Test
    void fourRanksRepeatingTheBudgetLineMakeOneEventWithTheirFigure() throws Exception {
        // the real v0.27.1 TP4 log: each rank logs "Free memory on device (94.05/95.01 GiB) on startup. Desired GPU
        // memory utilization is (0.9, 85.51 GiB)", rank 1 first
        Path replay = Files.createDirectories(dir.resolve("replay"));
        Files.copy(Resources.path("vllm/v1-0.27.1-qwen3-235b-a22b-fp8-tp4-budget-lines.log"), replay.resolve("startup.log"));
        for (String f : List.of("bench-stdout.txt", "bench-output.json")) {
            Files.copy(Resources.path("run/bench/" + f), replay.resolve(f));
        }
        env.put("STANDIN_VLLM_DIR", replay.toString());
        RecordingRunContext ctx = run(null);
        List<EngineBudget> logged = ctx.engineBudgets.stream().filter(b -> b.source() == EngineBudget.Source.ENGINE_LOG)
                .toList();
        assertEquals(List.of(EngineBudget.fromLog(0.9).withPerGpuBytes(Math.round(0.9 * Math.round(95.01 * GIB)))),
                logged, ctx.engineBudgets.toString());
        assertEquals(85.51, (double) logged.get(0).perGpuBytes() / GIB, 0.005, "as each rank prints it");
    }

    @Test
    void theRunsArgumentKeepsItsSourceAndTheLogAddsVllmsOwnBytes() throws Exception {
        RecordingRunContext ctx = run(0.95);
        assertEquals(List.of(EngineBudget.fromArguments(0.95),
                EngineBudget.fromArguments(0.95).withPerGpuBytes(LOGGED_PER_GPU)), ctx.engineBudgets);
    }

    @Test
    void theOutOfMemoryLineIsFlaggedByTheSameParserAndNoOtherLineIs() throws Exception {
        env.put("STANDIN_VLLM_MODE", "oom");
        RecordingRunContext ctx = run(null);
        assertEquals(1, ctx.flaggedLines.size(), ctx.flaggedLines.toString());
        Map.Entry<String, dev.memlens.core.report.RunFailure> flagged = ctx.flaggedLines.entrySet().iterator().next();
        assertTrue(flagged.getKey().contains("CUDA out of memory"), flagged.getKey());
        assertEquals("cuda-oom-during-profiling", flagged.getValue().code());
        assertTrue(flagged.getValue().advice().contains("--max-num-batched-tokens"), flagged.getValue().advice());
        assertNull(ctx.engineBudgets.stream().filter(b -> b.source() == EngineBudget.Source.ENGINE_LOG).findAny()
                .orElse(null), "the OOM replay stops before vLLM logs its budget");
    }
}
