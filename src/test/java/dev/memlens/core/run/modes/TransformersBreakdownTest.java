package dev.memlens.core.run.modes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.report.AccountComponent;
import dev.memlens.core.report.AccountItem;
import dev.memlens.core.report.FigureKind;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.MemoryAccount;
import org.junit.jupiter.api.Test;

/** The hf account from the figures of the real H100 run (Llama-3.2-1B bf16, batch 4, 512 + 128 tokens). */
class TransformersBreakdownTest {
    private static final long WEIGHTS = 2_472_678_912L;
    private static final long PEAK = 2_708_151_808L;
    private static final long RESERVED = 3_003_121_664L;
    private static final TransformersBreakdown.KvShape KV = new TransformersBreakdown.KvShape(16, 8, 64, 4, 640, 2);

    @Test
    void theCacheTensorsBytesAreMeasuredAndTheFormulaStaysAReference() {
        long tensors = 2L * 16 * 8 * 64 * 4 * 639 * 2; // the last token's K/V is never computed
        MemoryAccount a = TransformersBreakdown.build(WEIGHTS, PEAK, RESERVED, KV, tensors, 3_600_000_000L, 600_000_000L);
        AccountItem kv = a.item(AccountComponent.KV_CACHE).orElseThrow();
        assertEquals(tensors, kv.bytes());
        assertEquals(FigureKind.MEASURED, kv.kind());
        assertEquals(FigureSource.TORCH_TENSORS, kv.source());
        assertEquals(KV.bytes(), a.details().get("kv_cache_formula").bytes());
        assertEquals(PEAK - WEIGHTS - tensors, a.bytes(AccountComponent.ACTIVATIONS), "allocator peak − weights − KV");
        assertEquals(RESERVED - PEAK, a.bytes(AccountComponent.ALLOCATOR_RESERVE));
        assertEquals(3_600_000_000L - RESERVED, a.bytes(AccountComponent.NON_TORCH), "the sampler's total − reserved");
        assertEquals(0L, a.bytes(AccountComponent.UNATTRIBUTED), "every byte of the total is accounted for");
        assertEquals(3_600_000_000L, a.items().stream().filter(AccountItem::isKnown).mapToLong(AccountItem::bytes).sum());
    }

    @Test
    void withoutTheTensorsTheKvCacheIsAFormulaMarkedAsSuch() {
        MemoryAccount a = TransformersBreakdown.build(WEIGHTS, PEAK, RESERVED, KV, null, null, null);
        AccountItem kv = a.item(AccountComponent.KV_CACHE).orElseThrow();
        assertEquals(FigureKind.DERIVED, kv.kind());
        assertEquals(FigureSource.FORMULA, kv.source());
        assertTrue(kv.note().startsWith("formula, not measured"), kv.note());
        assertEquals(FigureSource.TORCH_ALLOCATOR, a.totalSource(), "unsampled: the allocator's figures");
        assertEquals(FigureKind.UNKNOWN, a.item(AccountComponent.NON_TORCH).orElseThrow().kind());
    }
}
