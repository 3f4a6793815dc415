package dev.memlens.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.sample.SampleReports;
import dev.memlens.core.units.Bytes;
import org.junit.jupiter.api.Test;

class SampleReportTest {
    @Test
    void theBundledH200RunHasItsRealFigures() {
        ProfileReport r = SampleReports.bundledH200Run();
        // nvidia-smi: 4 MiB before, 19855 MiB at the peak
        MemoryAccount a = r.account();
        assertEquals(Bytes.fromMib(4), a.baselineBytes());
        assertEquals(Bytes.fromMib(19855 - 4), a.totalBytes());
        assertEquals(Bytes.fromMib(19855), a.peakBytes());
        assertEquals(13_476_832_768L, a.bytes(AccountComponent.WEIGHTS));
        // 2 × 32 layers × 32 KV heads × 128 × batch 8 × 512 tokens × 2 bytes: a formula, not a measurement
        assertEquals(2_147_483_648L, a.bytes(AccountComponent.KV_CACHE));
        assertEquals(FigureKind.DERIVED, a.item(AccountComponent.KV_CACHE).orElseThrow().kind());
        assertEquals(FigureSource.FORMULA, a.item(AccountComponent.KV_CACHE).orElseThrow().source());
        assertEquals(15_691_924_480L - 13_476_832_768L - 2_147_483_648L, a.bytes(AccountComponent.ACTIVATIONS));
        long sum = 0;
        for (AccountItem i : a.items()) {
            sum += i.bytes() == null ? 0 : i.bytes();
        }
        assertEquals(a.totalBytes(), sum, "the items add up to the measured total");
        long four = a.calculatorComponents().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(a.totalBytes(), four, "the seed's four components add up to the total");
        assertEquals(228, r.timeline().get(0).size());
        assertEquals("NVIDIA H200", r.gpus().devices().get(0).name());
        assertEquals(Bytes.fromMib(143771), r.gpus().devices().get(0).totalBytes());
        assertTrue(r.phases().stream().anyMatch(p -> p.phase().equals("generating")));
        assertTrue(r.statusMessage().startsWith("recorded sample"));
    }
}
