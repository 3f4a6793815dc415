package dev.memlens.app.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.memlens.core.gpu.GpuSamplerError;
import dev.memlens.core.gpu.SamplingHealth;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunStatus;
import dev.memlens.core.units.MemoryUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunSummaryTest {
    private static String sampling(SamplingHealth health) {
        return RunSummary.of(ProfileReport.builder().status(RunStatus.COMPLETED, null).sampling(health).build(),
                MemoryUnit.GIB).sampling();
    }

    @Test
    void samplingIsShownAndGapsAndFailuresAreSaidSo() {
        assertEquals("", sampling(null), "reports that do not say show nothing");
        assertEquals("GPU sampling: nvidia-smi every 100 ms: 40 samples",
                sampling(new SamplingHealth("nvidia-smi", 100, 40, List.of(), List.of(), 0)));
        assertEquals("GPU sampling (with gaps): nvidia-smi every 100 ms: 40 samples, 1 gap (1.4 s without samples)",
                sampling(new SamplingHealth("nvidia-smi", 100, 40,
                        List.of(new SamplingHealth.Gap(1000, 2400, "nvidia-smi restarted")), List.of(), 0)));
        assertEquals("GPU sampling FAILED: nvidia-smi every 100 ms: 40 samples, 1 error; sampling FAILED at 5.0 s: GPU"
                + " is lost", sampling(new SamplingHealth("nvidia-smi", 100, 40, List.of(), List.of(
                        new SamplingHealth.Error(5000, GpuSamplerError.Kind.GPU_LOST, "GPU is lost", true)), 0)));
    }
}
