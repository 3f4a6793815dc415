package dev.memlens.core.report.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.report.ProcessMemory;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.ReportFormatException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessesJsonTest {
    private static final List<ProcessMemory> PROCESSES = List.of(
            new ProcessMemory(4242, "python3", 0, "GPU-0000", 67_108_864_000L, 68_157_440_000L),
            new ProcessMemory(77, "helper", null, "GPU-1111", null, 943_718_400L),
            new ProcessMemory(88, null, 1, null, null, null));

    @Test
    void theProcessesSurviveAWriteAndARead() throws Exception {
        String json = ReportWriter.toJsonString(ProfileReport.builder().processes(PROCESSES).build());
        assertTrue(json.contains("\"pid\" : 4242,\n    \"name\" : \"python3\",\n    \"gpu_index\" : 0,\n"
                + "    \"gpu_uuid\" : \"GPU-0000\",\n    \"used_at_peak_bytes\" : 67108864000,\n"
                + "    \"peak_bytes\" : 68157440000"), json);
        assertEquals(PROCESSES, ReportReader.parse(json, "r.json").processes());
    }

    @Test
    void aReportWithoutProcessesWritesNoSectionAndReadsNone() throws Exception {
        String json = ReportWriter.toJsonString(ProfileReport.builder().build());
        assertFalse(json.contains("\"processes\""), json);
        assertEquals(List.of(), ReportReader.parse(json, "r.json").processes());
    }

    @Test
    void aBadEntryNamesTheFieldAndTheFix() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode root = ReportWriter.toJson(ProfileReport.builder().build());
        root.set("processes", ReportWriter.MAPPER.readTree("[{\"name\": \"python3\"}]"));
        ReportFormatException missing = assertThrows(ReportFormatException.class,
                () -> ReportReader.parse(root.toString(), "r.json"));
        assertEquals("r.json: field 'processes[0].pid': is missing. Correct the value in the file or re-export the"
                + " report.", missing.getMessage());
        root.set("processes", ReportWriter.MAPPER.readTree("[{\"pid\": 1, \"peak_bytes\": -5}]"));
        ReportFormatException negative = assertThrows(ReportFormatException.class,
                () -> ReportReader.parse(root.toString(), "r.json"));
        assertTrue(negative.getMessage().startsWith("r.json: field 'processes[0].peak_bytes': is negative (-5)"),
                negative.getMessage());
    }
}
