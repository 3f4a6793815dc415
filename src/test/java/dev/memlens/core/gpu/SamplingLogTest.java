package dev.memlens.core.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SamplingLogTest {
    private static final long START = 1_700_000_000_000L;

    @Test
    void aCleanRunIsOkWithItsSampleCount() {
        SamplingLog log = new SamplingLog("nvidia-smi (/usr/bin/nvidia-smi)", 100, START);
        for (int i = 0; i < 412; i++) {
            log.sample();
        }
        SamplingHealth health = log.snapshot();
        assertEquals(SamplingHealth.Status.OK, health.status());
        assertEquals("nvidia-smi (/usr/bin/nvidia-smi) every 100 ms: 412 samples", health.summary());
    }

    @Test
    void gapsAndErrorsAreKeptRelativeToTheStartAndAFatalOneFailsSampling() {
        SamplingLog log = new SamplingLog("nvidia-smi", 50, START);
        log.sample();
        log.error(new GpuSamplerError(START + 1200, GpuSamplerError.Kind.HUNG, "nvidia-smi printed nothing", false));
        log.gap(new GpuGap(START + 1000, START + 2400, "nvidia-smi restarted"));
        assertEquals(SamplingHealth.Status.GAPS, log.snapshot().status());

        log.error(new GpuSamplerError(START + 5000, GpuSamplerError.Kind.GPU_LOST, "GPU is lost", true));
        SamplingHealth health = log.snapshot();
        assertEquals(SamplingHealth.Status.FAILED, health.status());
        assertEquals(List.of(new SamplingHealth.Gap(1000, 2400, "nvidia-smi restarted")), health.gaps());
        assertEquals(5000, health.fatalError().orElseThrow().atMillis());
        assertEquals("gpu_lost", health.fatalError().orElseThrow().kindTag());
        assertEquals("nvidia-smi every 50 ms: 1 sample, 1 gap (1.4 s without samples), 2 errors; sampling FAILED at"
                + " 5.0 s: GPU is lost", health.summary());
    }

    @Test
    void entriesAreBoundedButTheFatalErrorIsNeverTheOneDropped() {
        SamplingLog log = new SamplingLog("rocm-smi", 100, START);
        for (int i = 0; i < SamplingLog.MAX_ENTRIES + 50; i++) {
            log.error(new GpuSamplerError(START + i, GpuSamplerError.Kind.TOOL_FAILED, "failed " + i, false));
            log.gap(new GpuGap(START + i, START + i + 1, "failed"));
        }
        log.died("the rocm-smi poller stopped on an internal error", START + 9999);
        SamplingHealth health = log.snapshot();
        assertEquals(SamplingLog.MAX_ENTRIES, health.errors().size());
        assertEquals(SamplingLog.MAX_ENTRIES, health.gaps().size());
        assertEquals(101, health.dropped());
        assertTrue(health.failed());
        assertEquals("the rocm-smi poller stopped on an internal error", health.fatalError().orElseThrow().message());
    }

    @Test
    void withoutAToolNothingWasSampled() {
        SamplingHealth health = SamplingHealth.notSampled(100);
        assertEquals(SamplingHealth.Status.NOT_SAMPLED, health.status());
        assertFalse(health.failed());
        assertEquals("not sampled (no GPU tool)", health.summary());
    }
}
