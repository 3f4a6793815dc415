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
        assertEquals(Bytes.fromMib(4), r.measured().baselineBytes());
        assertEquals(Bytes.fromMib(19855 - 4), r.measured().actualTotalBytes());
        assertEquals(13_476_832_768L, r.measured().componentBytes(MemoryComponent.WEIGHTS));
        // 2 × 32 layers × 32 KV heads × 128 × batch 8 × 512 tokens × 2 bytes
        assertEquals(2_147_483_648L, r.measured().componentBytes(MemoryComponent.KV_CACHE));
        assertEquals(15_691_924_480L - 13_476_832_768L - 2_147_483_648L,
                r.measured().componentBytes(MemoryComponent.ACTIVATIONS));
        long sum = 0;
        for (MemoryComponent c : MemoryComponent.values()) {
            sum += r.measured().componentBytes(c);
        }
        assertEquals(r.measured().actualTotalBytes(), sum, "the components add up to the measured total");
        assertEquals(228, r.timeline().get(0).size());
        assertEquals("NVIDIA H200", r.gpus().devices().get(0).name());
        assertEquals(Bytes.fromMib(143771), r.gpus().devices().get(0).totalBytes());
        assertTrue(r.phases().stream().anyMatch(p -> p.phase().equals("generating")));
        assertTrue(r.statusMessage().startsWith("recorded sample"));
    }
}
