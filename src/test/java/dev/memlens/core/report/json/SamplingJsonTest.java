package dev.memlens.core.report.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.gpu.GpuSamplerError;
import dev.memlens.core.gpu.SamplingHealth;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.ReportFormatException;
import dev.memlens.core.report.RunStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplingJsonTest {
    private static final SamplingHealth HEALTH = new SamplingHealth("nvidia-smi (/usr/bin/nvidia-smi)", 100, 412,
            List.of(new SamplingHealth.Gap(1000, 2400, "nvidia-smi restarted")),
            List.of(new SamplingHealth.Error(1200, GpuSamplerError.Kind.HUNG, "printed nothing for 600 ms", false),
                    new SamplingHealth.Error(5000, GpuSamplerError.Kind.GPU_LOST, "GPU is lost", true)), 0);

    @Test
    void theSamplingSectionSurvivesAWriteAndARead() throws Exception {
        ProfileReport report = ProfileReport.builder().status(RunStatus.FAILED, "GPU sampling failed").sampling(HEALTH)
                .build();
        String json = ReportWriter.toJsonString(report);
        assertTrue(json.contains("\"status\" : \"failed\""), json);
        assertTrue(json.contains("\"gaps\" : [ {\n      \"start_ms\" : 1000,\n      \"end_ms\" : 2400,"), json);
        assertTrue(json.contains("\"kind\" : \"gpu_lost\""), json);
        assertEquals(HEALTH, ReportReader.parse(json, "r.json").sampling());
    }

    /** A minimal report as MemLens writes it, with this text as its sampling section (null: none). */
    private static String reportWithSampling(String section) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode root = ReportWriter.toJson(ProfileReport.builder().build());
        if (section != null) {
            root.set("sampling", ReportWriter.MAPPER.readTree(section));
        }
        return root.toString();
    }

    @Test
    void aReportWithoutTheSectionHasNoSamplingHealth() throws Exception {
        assertNull(ReportReader.parse(reportWithSampling(null), "seed.json").sampling());
    }

    @Test
    void aBadSectionNamesTheFieldAndTheFix() {
        ReportFormatException error = assertThrows(ReportFormatException.class, () -> ReportReader.parse(
                reportWithSampling("{\"tool\": \"x\", \"gaps\": [{\"end_ms\": 5}]}"), "r.json"));
        assertEquals("r.json: field 'sampling.gaps[0].start_ms': is missing. Correct the value in the file or re-export"
                + " the report.", error.getMessage());
        ReportFormatException kind = assertThrows(ReportFormatException.class, () -> ReportReader.parse(
                reportWithSampling("{\"errors\": [{\"at_ms\": 5, \"kind\": \"melted\"}]}"), "r.json"));
        assertTrue(kind.getMessage().startsWith("r.json: field 'sampling.errors[0].kind': \"melted\" is not a sampler"),
                kind.getMessage());
    }
}
