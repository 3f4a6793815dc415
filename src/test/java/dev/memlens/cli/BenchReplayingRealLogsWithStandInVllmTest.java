package dev.memlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.compare.ComparisonResult;
import dev.memlens.core.compare.MemoryComparison;
import dev.memlens.core.report.AccountComponent;
import dev.memlens.core.report.AccountItem;
import dev.memlens.core.report.CalculatorValues;
import dev.memlens.core.report.FigureKind;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.MemoryAccount;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunStatus;
import dev.memlens.core.report.json.ReportReader;
import dev.memlens.core.units.Bytes;
import dev.memlens.testsupport.StandInExecutables;
import dev.memlens.testutil.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code memlens bench} against a stand-in that replays a real vLLM log while its GPU stand-in holds exactly what the
 * replayed engine would (CUDA context, then the logged weights, non-torch memory, KV pool and CUDA graphs, then the
 * forward passes' activations), so the true account is known to the byte and asserted whole.
 */
class BenchReplayingRealLogsWithStandInVllmTest {
    private static final long MIB = Bytes.MIB;
    private static final long CONTEXT_MIB = 512;
    @TempDir
    Path dir;
    private Map<String, String> env;
    private Path runs;

    @BeforeEach
    void setUp() {
        StandInExecutables bin = new StandInExecutables(dir);
        bin.install("/run/replay/stand-in-vllm-replay.sh", "vllm");
        bin.install("/run/replay/nvidia-smi", "nvidia-smi");
        env = new HashMap<>(bin.environment());
        env.put("STANDIN_VLLM_DIR", Resources.path("run/bench").toString());
        env.put("STANDIN_HELD_FILE", dir.resolve("held-mib").toString());
        env.put("STANDIN_BASE_MIB", "4");
        // every level the engine holds waits until nvidia-smi printed it for ticks: seen whatever the machine's load
        env.put("STANDIN_TICKS_FILE", dir.resolve("ticks").toString());
        runs = dir.resolve("runs");
    }

    /** What the stand-in holds for a logged GiB figure: nvidia-smi counts whole MiB. */
    private static long mibOf(long bytes) {
        return Math.round(bytes / (double) MIB);
    }

    private ProfileReport bench(String model, String... extra) throws Exception {
        BenchCli.Run run = BenchCli.run(env, dir.resolve("home"), runs, model, extra);
        assertEquals(0, run.exit(), run.out() + "\n" + run.err());
        try (Stream<Path> files = Files.list(runs)) {
            List<Path> reports = files.filter(p -> p.toString().endsWith(".json")).toList();
            assertEquals(1, reports.size());
            return ReportReader.read(reports.get(0));
        }
    }

    private static long sum(MemoryAccount a) {
        return a.items().stream().filter(AccountItem::isKnown).mapToLong(AccountItem::bytes).sum();
    }

    @Test
    void aReplayedV083LogGivesKvBytesDerivedFromTokensAndUnknownsAsUnknown() throws Exception {
        long weights = Bytes.fromGib(3.3465);
        long kv = 426_448L * 28L * 2 * 2 * 128 * 2; // tokens × Qwen2-1.5B's KV bytes per token (bf16)
        long graphs = Bytes.fromGib(1.47);
        long nonTorchMib = 200;
        long forwardMib = 300;
        env.put("STANDIN_REPLAY_LOG", Resources.path("vllm/v1-0.8.3-qwen2-1.5b.log").toString());
        env.put("STANDIN_REPLAY_VERSION", "0.8.3");
        env.put("STANDIN_REPLAY_STEPS", "args: Namespace=" + CONTEXT_MIB + ";Model loading took=" + mibOf(weights)
                + ";GPU KV cache size=" + (nonTorchMib + mibOf(kv)) + ";Graph capturing finished=" + mibOf(graphs));
        env.put("STANDIN_REPLAY_RUN_MIB", Long.toString(forwardMib));
        Path model = Resources.path("run/replay/qwen2-1.5b-instruct");
        ProfileReport r = bench(model.toString());

        assertEquals(RunStatus.COMPLETED, r.status());
        MemoryAccount a = r.account();
        long held = (CONTEXT_MIB + mibOf(weights) + nonTorchMib + mibOf(kv) + mibOf(graphs) + forwardMib) * MIB;
        assertEquals(held, a.totalBytes(), "peak − baseline of the GPU stand-in");
        assertEquals(FigureSource.GPU_SAMPLER, a.totalSource());
        assertEquals(weights, a.bytes(AccountComponent.WEIGHTS));
        AccountItem kvItem = a.item(AccountComponent.KV_CACHE).orElseThrow();
        assertEquals(kv, kvItem.bytes(), "0.8.3 logs tokens only: bytes from config.json");
        assertEquals(FigureKind.DERIVED, kvItem.kind());
        assertEquals(FigureSource.CONFIG, kvItem.source());
        assertEquals(graphs, a.bytes(AccountComponent.CUDA_GRAPHS));
        assertEquals(FigureKind.UNKNOWN, a.item(AccountComponent.ACTIVATIONS).orElseThrow().kind());
        assertNull(a.bytes(AccountComponent.NON_TORCH), "0.8.3 logs no non-torch figure: unknown, never 0");
        assertEquals(held - weights - kv - graphs, a.bytes(AccountComponent.UNATTRIBUTED));
        assertEquals(a.totalBytes(), sum(a));

        ComparisonResult c = MemoryComparison.compare(a, new CalculatorValues(Map.of(MemoryComponent.WEIGHTS, weights,
                MemoryComponent.KV_CACHE, kv, MemoryComponent.ACTIVATIONS, 100 * MIB,
                MemoryComponent.FRAMEWORK_OVERHEAD, 1000 * MIB), null, "test"), 10).orElseThrow();
        assertEquals(0.0, c.rows().get(1).percentDiff(), "the KV row is judged on the derived bytes, not −100 %");
        assertNull(c.rows().get(2).verdict(), "activations were not measured: no verdict");

        CalculatorValues estimate = r.calculator();
        assertEquals("memlens estimator", estimate.source(), "a CLI run gets the built-in estimate, as the app's do");
        assertTrue(estimate.effectiveTotal().isPresent());
        assertTrue(estimate.formulas().get(MemoryComponent.KV_CACHE).contains("gpu_memory_utilization"),
                estimate.formulas().toString());
        assertTrue(estimate.totalFormula() != null && !estimate.totalFormula().isEmpty(), "the formulas are in the report");
        assertTrue(estimate.totalFormula().contains("+ CUDA graphs"),
                "vLLM 0.8.3 (the version that ran) captured its graphs on top of the budget: " + estimate.totalFormula());
    }

    @Test
    void aReplayedV019DebugLogGivesEveryItemAndTheCudaContextAsTheRest() throws Exception {
        long weights = Bytes.fromGib(14.99);
        long nonTorch = Bytes.fromGib(0.25);
        long kv = Bytes.fromGib(58.11);
        long graphs = Bytes.fromGib(0.91);
        long activations = Bytes.fromGib(1.89);
        env.put("STANDIN_REPLAY_LOG", Resources.path("vllm/v1-0.19-llama3.1-8b-h100-debug.log").toString());
        env.put("STANDIN_REPLAY_VERSION", "0.19.0");
        env.put("STANDIN_REPLAY_STEPS", "worker init memory snapshot=" + CONTEXT_MIB + ";Model loading took="
                + mibOf(weights) + ";Memory profiling takes=" + mibOf(nonTorch) + ";Available KV cache memory="
                + mibOf(kv) + ";Graph capturing finished=" + mibOf(graphs));
        env.put("STANDIN_REPLAY_RUN_MIB", Long.toString(mibOf(activations)));
        ProfileReport r = bench("meta-llama/Llama-3.1-8B-Instruct");

        MemoryAccount a = r.account();
        long held = (CONTEXT_MIB + mibOf(weights) + mibOf(nonTorch) + mibOf(kv) + mibOf(graphs) + mibOf(activations)) * MIB;
        assertEquals(held, a.totalBytes());
        assertEquals(weights, a.bytes(AccountComponent.WEIGHTS));
        assertEquals(kv, a.bytes(AccountComponent.KV_CACHE));
        assertEquals(activations, a.bytes(AccountComponent.ACTIVATIONS));
        assertEquals(graphs, a.bytes(AccountComponent.CUDA_GRAPHS));
        assertEquals(nonTorch, a.bytes(AccountComponent.NON_TORCH));
        assertTrue(a.items().stream().filter(i -> i.component() != AccountComponent.UNATTRIBUTED)
                .allMatch(i -> i.kind() == FigureKind.MEASURED && i.source() == FigureSource.VLLM_LOG));
        long rest = held - weights - kv - activations - graphs - nonTorch;
        assertEquals(rest, a.bytes(AccountComponent.UNATTRIBUTED));
        assertTrue(Math.abs(rest - CONTEXT_MIB * MIB) < 3 * MIB, "the rest is the CUDA context, up to MiB rounding");
        assertEquals(a.totalBytes(), sum(a));
        assertEquals(held - weights - kv - activations, a.calculatorComponents().get(MemoryComponent.FRAMEWORK_OVERHEAD),
                "framework overhead = everything else: graphs + non-torch + context");
        assertEquals(1, a.perGpu().size());
        assertEquals(held, a.perGpu().get(0).totalBytes());
    }

    @Test
    void twoGpusPeakingAtDifferentMomentsGiveEachGpuItsShareAtTheRunsOnePeak() throws Exception {
        long weights = Bytes.fromGib(1.5);
        long nonTorch = Bytes.fromGib(1.71) - weights; // "1.71 GiB for consumed memory (weights + non-torch)"
        long kv0 = Bytes.fromGib(19.09);
        long kv1 = Bytes.fromGib(19.08);
        long stage0Mib = 300;
        long stage1Mib = 200; // GPU 1 peaks later, while GPU 0 has released its forward pass: below the run's peak
        env.put("STANDIN_GPUS", "2");
        env.put("STANDIN_REPLAY_LOG", Resources.path("vllm/v1-0.28.1rc1-qwen2.5-1.5b-tp2-eager-budget-line.log").toString());
        env.put("STANDIN_REPLAY_VERSION", "0.28.1rc1");
        env.put("STANDIN_REPLAY_STEPS", "Initializing a V1 LLM engine=" + CONTEXT_MIB + "@0;Initializing a V1 LLM engine="
                + CONTEXT_MIB + "@1;Model loading took 1.5 GiB memory and 2.133=" + mibOf(weights)
                + "@0;Model loading took 1.5 GiB memory and 2.159=" + mibOf(weights) + "@1;(23.09/23.47 GiB)="
                + (mibOf(nonTorch) + mibOf(kv0)) + "@0;(23.09/23.46 GiB)=" + (mibOf(nonTorch) + mibOf(kv1)) + "@1");
        env.put("STANDIN_REPLAY_RUN_MIB", stage0Mib + "@0," + stage1Mib + "@1");
        ProfileReport r = bench("Qwen/Qwen2.5-1.5B-Instruct", "--tensor-parallel-size", "2");

        MemoryAccount a = r.account();
        long engine0 = (CONTEXT_MIB + mibOf(weights) + mibOf(nonTorch) + mibOf(kv0)) * MIB;
        long engine1 = (CONTEXT_MIB + mibOf(weights) + mibOf(nonTorch) + mibOf(kv1)) * MIB;
        assertEquals(engine0 + stage0Mib * MIB + engine1, a.totalBytes(), "the peak of the simultaneous sum");
        assertEquals(2, a.perGpu().size());
        assertEquals(engine0 + stage0Mib * MIB, a.perGpu().get(0).totalBytes(), "GPU 0 at the run's peak: its own peak");
        assertEquals(engine1, a.perGpu().get(1).totalBytes(),
                "GPU 1 at the run's peak moment, not its own later peak with its forward pass");
        assertEquals(a.totalBytes(), a.perGpu().get(0).totalBytes() + a.perGpu().get(1).totalBytes());
        for (int gpu = 0; gpu < 2; gpu++) {
            dev.memlens.core.report.GpuAccount g = a.perGpu().get(gpu);
            assertEquals(weights, g.items().stream().filter(i -> i.component() == AccountComponent.WEIGHTS)
                    .findFirst().orElseThrow().bytes(), "rank " + gpu + "'s logged weights stay on its GPU");
            assertEquals(gpu == 0 ? kv0 : kv1, g.items().stream().filter(i -> i.component() == AccountComponent.KV_CACHE)
                    .findFirst().orElseThrow().bytes(), "rank " + gpu + "'s logged KV pool");
            assertEquals(g.totalBytes(), g.items().stream().filter(AccountItem::isKnown).mapToLong(AccountItem::bytes)
                    .sum(), "unattributed closes GPU " + gpu);
        }
    }
}
