package dev.memlens.core.gpu.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.memlens.testutil.Resources;
import org.junit.jupiter.api.Test;

/**
 * `memlens sample` CSVs recorded on an H200 at the same time while torch allocated 8 GiB ten times for 20 ms
 * (tools/nvml-spike): NVML at 1 ms and nvidia-smi at 100 ms. Both read back through `memlens trace`.
 */
class RealH200NvmlSpikeTraceTest {
    @Test
    void nvmlAtOneMillisecondSawThePeakToTheByte() throws Exception {
        TraceSummary.Gpu gpu = only("gpu/real/nvml-spikes/spike-nvml-1ms.csv");
        assertEquals(8943, gpu.samples());
        assertEquals(650_969_088L, gpu.baselineUsedBytes(), "the CUDA context of the spiking process");
        assertEquals(9_240_903_680L, gpu.peakUsedBytes(), "8 GiB on top of the context");
        assertEquals(1_796_117_910_234L, gpu.peakMillis());
        assertEquals(Long.valueOf(150_754_820_096L), gpu.totalBytes());
    }

    @Test
    void nvidiaSmiAtOneHundredMillisecondsSawOnlySomeSpikes() throws Exception {
        TraceSummary.Gpu gpu = only("gpu/real/nvml-spikes/spike-smi-100ms.csv");
        assertEquals(90, gpu.samples());
        assertEquals(9_239_003_136L, gpu.peakUsedBytes(), "nvidia-smi counts whole MiB");
        assertEquals(1_796_117_911_091L, gpu.peakMillis(), "spike 2 of 10, the first one it caught");
    }

    private static TraceSummary.Gpu only(String resource) throws TraceException {
        TraceSummary summary = TraceSummary.of(new TraceReader().read(Resources.path(resource)));
        assertEquals(1, summary.gpus().size());
        assertEquals(java.util.List.of(), summary.warnings());
        return summary.gpus().get(0);
    }
}
