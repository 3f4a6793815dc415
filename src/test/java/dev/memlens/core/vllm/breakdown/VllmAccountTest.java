package dev.memlens.core.vllm.breakdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.report.AccountComponent;
import dev.memlens.core.report.AccountItem;
import dev.memlens.core.report.FigureKind;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.MemoryAccount;
import dev.memlens.core.units.Bytes;
import dev.memlens.core.vllm.log.Fixtures;
import dev.memlens.core.vllm.log.VllmStartupReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class VllmAccountTest {
    /** Qwen2-1.5B: 28 layers × 2 (K, V) × 2 KV heads × 128 head_dim × 2 bytes (bf16). */
    private static final VllmAccount.KvPerToken QWEN2_1_5B = new VllmAccount.KvPerToken(28L * 2 * 2 * 128 * 2, 16,
            "layers × 2 × kv_heads × head_dim × 2 bytes", "test config.json");

    private static long sum(MemoryAccount a) {
        return a.items().stream().filter(AccountItem::isKnown).mapToLong(AccountItem::bytes).sum();
    }

    @Test
    void aDebugLogGivesEveryItemFromVllmAndTheUnattributedRestClosesTheSum() {
        VllmStartupReport log = Fixtures.parse("v1-0.19-llama3.1-8b-h100-debug.log");
        long total = Bytes.fromGib(76.5);
        MemoryAccount a = VllmAccount.assemble(log, total, "peak − baseline",
                List.of(new VllmAccount.GpuShare(0, "GPU-0", total)), null);
        assertEquals(Bytes.fromGib(14.99), a.bytes(AccountComponent.WEIGHTS));
        assertEquals("vLLM's log: \"Model loading took 14.99 GiB memory and 14.429680 seconds\"",
                a.item(AccountComponent.WEIGHTS).orElseThrow().note(), "the note quotes the log line");
        assertEquals(Bytes.fromGib(58.11), a.bytes(AccountComponent.KV_CACHE));
        assertEquals("vLLM's log: \"Available KV cache memory: 58.11 GiB\"", a.item(AccountComponent.KV_CACHE).orElseThrow().note());
        assertEquals(Bytes.fromGib(1.89), a.bytes(AccountComponent.ACTIVATIONS));
        assertEquals(Bytes.fromGib(0.91), a.bytes(AccountComponent.CUDA_GRAPHS));
        assertEquals(Bytes.fromGib(0.25), a.bytes(AccountComponent.NON_TORCH));
        assertTrue(a.items().stream().filter(i -> i.component() != AccountComponent.UNATTRIBUTED)
                .allMatch(i -> i.kind() == FigureKind.MEASURED && i.source() == FigureSource.VLLM_LOG), a.items().toString());
        long parts = Bytes.fromGib(14.99) + Bytes.fromGib(58.11) + Bytes.fromGib(1.89) + Bytes.fromGib(0.91) + Bytes.fromGib(0.25);
        assertEquals(total - parts, a.bytes(AccountComponent.UNATTRIBUTED));
        assertEquals(total, sum(a));
        assertEquals(1, a.perGpu().size());
        assertEquals(Bytes.fromGib(14.99), a.perGpu().get(0).items().get(0).bytes(), "one rank per GPU: its own items");
        assertTrue(a.details().containsKey("vllm_budget_requested"), a.details().keySet().toString());
        assertEquals(parts - Bytes.fromGib(0.91), a.details().get("vllm_budget_used").bytes(),
                "v0.19 reserves nothing for its logged CUDA graph estimate");
    }

    @Test
    void aLogGivingTheKvCacheInTokensGetsItsBytesFromTheConfig() {
        VllmStartupReport log = Fixtures.parse("v1-0.8.3-qwen2-1.5b.log"); // 426,448 tokens, no KV bytes
        long total = Bytes.fromGib(20);
        MemoryAccount a = VllmAccount.assemble(log, total, "peak − baseline", List.of(), QWEN2_1_5B);
        AccountItem kv = a.item(AccountComponent.KV_CACHE).orElseThrow();
        assertEquals(426_448L * 28_672L, kv.bytes());
        assertEquals(FigureKind.DERIVED, kv.kind());
        assertEquals(FigureSource.CONFIG, kv.source());
        assertTrue(kv.note().contains("426448 tokens") && kv.note().contains("test config.json"), kv.note());
        assertTrue(kv.note().contains("\"GPU KV cache size: 426,448 tokens\""), kv.note());
        assertEquals(FigureKind.UNKNOWN, a.item(AccountComponent.ACTIVATIONS).orElseThrow().kind(),
                "0.8.3 logs no activation peak: unknown, not 0");
        assertNull(a.bytes(AccountComponent.ACTIVATIONS));
        assertEquals(Bytes.fromGib(1.47), a.bytes(AccountComponent.CUDA_GRAPHS));
        assertEquals(total, sum(a));
    }

    @Test
    void withoutTheConfigTheTokensOnlyKvCacheStaysUnknownAndSaysWhy() {
        VllmStartupReport log = Fixtures.parse("v1-0.8.3-qwen2-1.5b.log");
        MemoryAccount a = VllmAccount.assemble(log, Bytes.fromGib(20), "t", List.of(), null);
        AccountItem kv = a.item(AccountComponent.KV_CACHE).orElseThrow();
        assertEquals(FigureKind.UNKNOWN, kv.kind());
        assertTrue(kv.note().contains("426448 tokens") && kv.note().contains("config.json"), kv.note());
        assertTrue(a.item(AccountComponent.UNATTRIBUTED).orElseThrow().note().contains("kv_cache"),
                "the unattributed rest says it holds the unknown KV cache");
    }

    @Test
    void twoRanksAreSummedAndTheirMissingItemsAreUnknown() {
        VllmStartupReport log = Fixtures.parse("v1-0.10-tp2-vllmworker-colour.log");
        long perGpu = Bytes.fromGib(68.0);
        MemoryAccount a = VllmAccount.assemble(log, 2 * perGpu, "t",
                List.of(new VllmAccount.GpuShare(0, null, perGpu), new VllmAccount.GpuShare(1, null, perGpu)), null);
        assertEquals(2 * Bytes.fromGib(30.7109), a.bytes(AccountComponent.WEIGHTS));
        assertEquals(Bytes.fromGib(33.74) + Bytes.fromGib(33.87), a.bytes(AccountComponent.KV_CACHE));
        assertEquals(FigureKind.UNKNOWN, a.item(AccountComponent.ACTIVATIONS).orElseThrow().kind());
        assertEquals(2 * perGpu, sum(a));
        assertEquals(perGpu, a.perGpu().get(1).totalBytes());
        assertEquals(perGpu, a.perGpu().get(1).items().stream().filter(AccountItem::isKnown)
                .mapToLong(AccountItem::bytes).sum(), "each GPU's account adds up too");
    }

    @Test
    void withoutLogOrTotalEverythingIsUnknownAndNothingIsClosed() {
        MemoryAccount a = VllmAccount.assemble(null, null, null, List.of(), null);
        assertNull(a.totalBytes());
        assertFalse(a.item(AccountComponent.UNATTRIBUTED).isPresent());
        assertTrue(a.items().stream().allMatch(i -> i.kind() == FigureKind.UNKNOWN));
    }

    @Test
    void vllmsBudgetIsReconciledWithTheCudaGraphEstimateItReserves() {
        // v0.26: 0.88 weights + 0.26 activation + 0.16 non-torch + 13.33 KV + 0.58 graph estimate against 0.95 × 16.0
        VllmStartupReport log = Fixtures.parse("v1-0.26.0-lfm2.5-1.2b-old-format-budget-line.log");
        long total = Bytes.fromGib(15.5);
        MemoryAccount a = VllmAccount.assemble(log, total, "t", List.of(), null);
        long used = Bytes.fromGib(0.88) + Bytes.fromGib(0.26) + Bytes.fromGib(0.16) + Bytes.fromGib(13.33)
                + Bytes.fromGib(0.58);
        assertEquals(used, a.details().get("vllm_budget_used").bytes());
        assertEquals(Math.round(0.95 * Bytes.fromGib(16.0)), a.details().get("vllm_budget_requested").bytes());
        assertTrue(a.details().get("vllm_budget_used").note().contains("over the budget by 0.01 GiB"),
                a.details().get("vllm_budget_used").note());
        assertEquals(Bytes.fromGib(0.24), a.bytes(AccountComponent.CUDA_GRAPHS), "the pool's actual size, not the estimate");
        assertEquals(total, sum(a));
    }

    @Test
    void fromPr47374TheLoggedActivationPeakHoldsTheGraphEstimateSoItIsNotCountedTwice() {
        // v0.27.1, four ranks: 56.89 consumed + 0.76 activation + 27.85 KV = the 85.51 GiB budget, no graph term of its
        // own, so the 0.76 includes the graph estimate; this log does not give the estimate
        VllmStartupReport log = Fixtures.parse("v1-0.27.1-qwen3-235b-a22b-fp8-tp4-budget-lines.log");
        long total = 4 * Bytes.fromGib(90);
        MemoryAccount a = VllmAccount.assemble(log, total, "t", List.of(), null);
        AccountItem activations = a.item(AccountComponent.ACTIVATIONS).orElseThrow();
        assertEquals(FigureKind.UNKNOWN, activations.kind(), activations.toString());
        assertTrue(activations.note().contains("CUDA graph estimate inside"), activations.note());
        assertEquals(4 * Bytes.fromGib(0.76), a.details().get("vllm_activation_peak_with_graph_estimate").bytes());
        assertEquals(4 * Bytes.fromGib(0.32), a.bytes(AccountComponent.CUDA_GRAPHS), "the graph pool: its own item");
        assertEquals(total, sum(a));
    }

    @Test
    void withTheEstimateLoggedTheActivationsAreThePeakLessTheEstimate() throws Exception {
        // the same v0.27.1 log with each rank's "Estimated CUDA graph memory" line (the v0.26 shape) before its budget line
        List<String> lines = new java.util.ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(Fixtures.path("v1-0.27.1-qwen3-235b-a22b-fp8-tp4-budget-lines.log"))) {
            java.util.regex.Matcher worker = java.util.regex.Pattern.compile("^\\((Worker_TP\\d) pid=(\\d+)\\).*Free memory on device")
                    .matcher(line);
            if (worker.find()) {
                lines.add("(" + worker.group(1) + " pid=" + worker.group(2) + ") INFO 08-21 18:21:50 [gpu_model_runner.py:6737]"
                        + " Estimated CUDA graph memory: 0.30 GiB total");
            }
            lines.add(line);
        }
        java.nio.file.Path withEstimate = java.nio.file.Files.createTempFile("v0.27.1-with-estimate", ".log");
        try {
            java.nio.file.Files.write(withEstimate, lines);
            VllmStartupReport log = dev.memlens.core.vllm.log.VllmLogParser.parse(withEstimate);
            long total = 4 * Bytes.fromGib(90);
            MemoryAccount a = VllmAccount.assemble(log, total, "t", List.of(), null);
            AccountItem activations = a.item(AccountComponent.ACTIVATIONS).orElseThrow();
            assertEquals(FigureKind.DERIVED, activations.kind(), activations.toString());
            assertEquals(4 * (Bytes.fromGib(0.76) - Bytes.fromGib(0.30)), activations.bytes());
            assertTrue(activations.note().contains("Estimated CUDA graph memory: 0.30 GiB total"), activations.note());
            assertEquals(total, sum(a));
        } finally {
            java.nio.file.Files.delete(withEstimate);
        }
    }

    @Test
    void anEagerV028RunHasNoGraphsSoItsLoggedActivationPeakStandsAsMeasured() {
        VllmStartupReport log = Fixtures.parse("v1-0.28.1rc1-qwen2.5-1.5b-tp2-eager-budget-line.log");
        MemoryAccount a = VllmAccount.assemble(log, 2 * Bytes.fromGib(22), "t", List.of(), null);
        assertEquals(FigureKind.MEASURED, a.item(AccountComponent.ACTIVATIONS).orElseThrow().kind());
        assertEquals(2 * Bytes.fromGib(0.32), a.bytes(AccountComponent.ACTIVATIONS));
        assertEquals(0L, a.bytes(AccountComponent.CUDA_GRAPHS));
    }

    @Test
    void theOlderFourTermWordingOfV026KeepsItsActivationPeakAsLogged() {
        VllmStartupReport log = Fixtures.parse("v1-0.26.0-lfm2.5-1.2b-old-format-budget-line.log");
        MemoryAccount a = VllmAccount.assemble(log, Bytes.fromGib(15.5), "t", List.of(), null);
        assertEquals(Bytes.fromGib(0.26), a.bytes(AccountComponent.ACTIVATIONS), "0.26 < the 0.58 estimate: not inside");
        assertEquals(FigureKind.MEASURED, a.item(AccountComponent.ACTIVATIONS).orElseThrow().kind());
    }

    @Test
    void figuresLoggedForTheRunAndNotPerRankAreUnknownOnEachGpuWhoseTotalIsClosedByTheRest() {
        VllmStartupReport log = Fixtures.parse("v1-0.19-llama3.1-8b-h100-debug.log"); // one rank's figures
        long share = Bytes.fromGib(40);
        MemoryAccount a = VllmAccount.assemble(log, 2 * share, "t",
                List.of(new VllmAccount.GpuShare(0, "GPU-0", share), new VllmAccount.GpuShare(3, "GPU-3", share)), null);
        assertEquals(List.of(0, 3), a.perGpu().stream().map(g -> g.index()).toList());
        for (var gpu : a.perGpu()) {
            AccountItem weights = gpu.items().stream().filter(i -> i.component() == AccountComponent.WEIGHTS)
                    .findFirst().orElseThrow();
            assertEquals(FigureKind.UNKNOWN, weights.kind(), "one rank logged for two GPUs: not placed on either");
            assertEquals("known for the run as a whole, not per GPU", weights.note());
            assertEquals(share, gpu.items().stream().filter(i -> i.component() == AccountComponent.UNATTRIBUTED)
                    .findFirst().orElseThrow().bytes());
        }
    }
}
