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

    @Test
    void aV2ReportWithoutTimelineShowsItsPeakSnapshotAsMeasuredAndAnUnknownDurationIsSaidSo() throws Exception {
        ProfileReport r = dev.memlens.core.report.json.ReportReader.read(
                dev.memlens.testutil.Resources.path("report/v2-enhanced.json"));
        assertEquals(0, r.timeline().size(), "the fixture has no timeline");
        RunSummary s = RunSummary.of(r, MemoryUnit.GIB);
        // v2's total_measured_gb is its peak snapshot: the header's peak and the account's total are one figure
        assertEquals(dev.memlens.core.units.Format.size(r.account().totalBytes(), MemoryUnit.GIB), s.peak());
        assertEquals("69.38 GiB", s.peak());
        assertEquals("measured", s.peakKind());
        assertEquals(dev.memlens.core.report.RunPeak.of(r).source(), s.peakSource());
        assertEquals("—", s.duration());
        assertEquals("this report does not record how long the run took", s.durationNote());
    }

    @Test
    void aReportWithNothingSampledHasAnUnknownPeakNeverZero() {
        RunSummary s = RunSummary.of(ProfileReport.builder().status(RunStatus.COMPLETED, null).build(), MemoryUnit.GIB);
        assertEquals("—", s.peak());
        assertEquals("unknown", s.peakKind());
        assertEquals(dev.memlens.core.report.RunPeak.NOT_SAMPLED, s.peakSource());
    }

    @Test
    void theParametersLineNamesEachParameterAsTheHtmlReportDoes() throws Exception {
        ProfileReport r = dev.memlens.core.report.json.ReportReader.read(
                dev.memlens.testutil.Resources.path("report/v2-enhanced.json"));
        assertEquals("Batch size 8 · Input length 512 · Output length 512 · dtype bfloat16",
                RunSummary.of(r, MemoryUnit.GIB).parameters());
        String html = dev.memlens.core.report.export.HtmlReportWriter.toHtml(r, MemoryUnit.GIB);
        for (String name : java.util.List.of("Batch size", "Input length", "Output length", "dtype")) {
            org.junit.jupiter.api.Assertions.assertTrue(html.contains("<th>" + name + "</th>"), name + " in the HTML");
        }
    }
}
