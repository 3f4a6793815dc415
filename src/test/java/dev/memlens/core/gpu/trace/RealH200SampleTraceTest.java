package dev.memlens.core.gpu.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.memlens.core.units.Bytes;
import dev.memlens.testutil.Resources;
import org.junit.jupiter.api.Test;

/** A `memlens sample` CSV recorded with the real nvidia-smi on an H200 while torch allocated 1 GiB steps. */
class RealH200SampleTraceTest {
    @Test
    void readsBackWhatTheSamplerRecordedOnTheRealGpu() throws Exception {
        Trace trace = new TraceReader().read(Resources.path("gpu/real/memlens-sample-h200-torch-1gib-steps.csv"));
        TraceSummary summary = TraceSummary.of(trace);
        assertEquals(1, summary.gpus().size());
        TraceSummary.Gpu gpu = summary.gpus().get(0);
        assertEquals(276, gpu.samples());
        assertEquals(0L, gpu.baselineUsedBytes());
        assertEquals(Bytes.fromMib(7787), gpu.peakUsedBytes());
        assertEquals(Long.valueOf(Bytes.fromMib(143771)), gpu.totalBytes());
    }
}
