package dev.memlens.core.gpu.nvidia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.gpu.GpuProcessSample;
import dev.memlens.core.gpu.GpuSamplerError;
import dev.memlens.core.gpu.StandIns;
import dev.memlens.core.units.Bytes;
import java.io.IOException;
import java.nio.file.Files;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmiCsvParserTest {
    private static final List<SmiField> LIVE = List.of(SmiField.INDEX, SmiField.UUID, SmiField.MEMORY_USED,
            SmiField.MEMORY_TOTAL, SmiField.MEMORY_RESERVED, SmiField.UTILIZATION_GPU, SmiField.POWER_DRAW,
            SmiField.NAME);
    private final SmiCsvParser parser = new SmiCsvParser(LIVE, ZoneOffset.UTC);

    @Test
    void memoryCellsInEveryBinaryUnitAreBytesAndAnUnknownUnitIsSaidNotAbsent() {
        assertEquals(12L * 1024, SmiValues.memoryBytes("12 KiB"));
        assertEquals(12L * 1024, SmiValues.memoryBytes("12 KB"));
        assertEquals(81559L * Bytes.MIB, SmiValues.memoryBytes("81559"));
        assertEquals(81559L * Bytes.MIB, SmiValues.memoryBytes("81559 MiB"));
        assertEquals(80L * Bytes.GIB, SmiValues.memoryBytes("80 GiB"));
        assertEquals(2L << 40, SmiValues.memoryBytes("2 TiB"));
        assertEquals(512L, SmiValues.memoryBytes("512 B"));
        assertNull(SmiValues.memoryBytes("[N/A]"));

        SmiCsvParser parser = new SmiCsvParser(List.of(SmiField.INDEX, SmiField.MEMORY_USED, SmiField.MEMORY_TOTAL),
                ZoneOffset.UTC);
        assertEquals(12L * 1024, parser.parse("0, 12 KiB, 143771 MiB").orElseThrow().usedBytes());
        assertTrue(parser.takeRejection().isEmpty());
        assertTrue(parser.parse("0, 12 XB, 143771").isEmpty());
        assertEquals("memory cell \"12 XB\" has a unit that is not B, KiB, MiB, GiB or TiB",
                parser.takeRejection().orElseThrow());
        assertTrue(parser.takeRejection().isEmpty(), "taken once");
        assertTrue(parser.parse("Xid 79: GPU has fallen off the bus").isEmpty());
        assertTrue(parser.takeRejection().isEmpty(), "a line that is no data row is no rejection");
        assertNull(SmiValues.mibToBytes("12 XB"), "readers that report absence keep doing so");
    }

    @Test
    void parsesAllColumnsInMiB() {
        SmiRow row = parser.parse("0, GPU-6486822f-842c-1320-f829-e4155c0d2130, 11125, 143771, 616, 100, 631.95, NVIDIA H200")
                .orElseThrow();
        assertEquals(0, row.index());
        assertEquals("GPU-6486822f-842c-1320-f829-e4155c0d2130", row.uuid());
        assertEquals(11125 * Bytes.MIB, row.usedBytes());
        assertEquals(143771 * Bytes.MIB, row.totalBytes());
        assertEquals(616 * Bytes.MIB, row.reservedBytes());
        assertEquals(100, row.utilizationPercent());
        assertEquals(631.95, row.powerWatts());
        assertEquals("NVIDIA H200", row.name());
    }

    @Test
    void joinsANameThatContainsCommas() {
        SmiRow row = parser.parse("1, GPU-1, 5, 10, 1, 0, 1.0, NVIDIA H100 80GB HBM3, Special, Edition").orElseThrow();
        assertEquals("NVIDIA H100 80GB HBM3, Special, Edition", row.name());
        SmiCsvParser nameInMiddle = new SmiCsvParser(List.of(SmiField.INDEX, SmiField.NAME, SmiField.MEMORY_USED),
                ZoneOffset.UTC);
        SmiRow middle = nameInMiddle.parse("0, Quadro, RTX, 12").orElseThrow();
        assertEquals("Quadro, RTX", middle.name());
        assertEquals(12 * Bytes.MIB, middle.usedBytes());
    }

    @Test
    void everyNotAvailableSpellingIsAbsent() {
        for (String token : List.of("[N/A]", "[Not Supported]", "N/A", "[Unknown Error]", "[Insufficient Permissions]",
                "", "[Requested functionality has been deprecated]", "[Function Not Found]")) {
            SmiRow row = parser.parse("0, GPU-1, 5, 10, " + token + ", " + token + ", " + token + ", X").orElseThrow();
            assertNull(row.reservedBytes(), token);
            assertNull(row.utilizationPercent(), token);
            assertNull(row.powerWatts(), token);
            assertEquals(5 * Bytes.MIB, row.usedBytes());
        }
    }

    @Test
    void skipsStrayLinesHeadersAndGarbage() {
        assertTrue(parser.parse("Xid (PCI:0000:02:00): 79, pid=1234, GPU has fallen off the bus.").isEmpty());
        assertTrue(parser.parse("index, uuid, memory.used [MiB], memory.total [MiB], memory.reserved [MiB], "
                + "utilization.gpu [%], power.draw [W], name").isEmpty());
        assertTrue(parser.parse("garbage %%% not, a, csv, row, 1, 2, 3, 4").isEmpty());
        assertTrue(parser.parse("").isEmpty());
        assertTrue(parser.parse("0, GPU-1, lots, 10, 1, 0, 1.0, X").isEmpty());
    }

    @Test
    void readsUnitsWindowsLineEndsAndTimestamps() {
        SmiCsvParser withUnits = new SmiCsvParser(List.of(SmiField.TIMESTAMP, SmiField.INDEX, SmiField.MEMORY_USED,
                SmiField.POWER_DRAW), ZoneOffset.UTC);
        SmiRow row = withUnits.parse("2026/11/27 20:21:27.669, 0, 4 MiB, 79.23 W\r").orElseThrow();
        assertEquals(4 * Bytes.MIB, row.usedBytes());
        assertEquals(79.23, row.powerWatts());
        assertEquals(java.time.Instant.parse("2026-11-27T20:21:27.669Z").toEpochMilli(), row.timestampMillis());
    }

    @Test
    void headerWithUnitsAndAliasesMapsColumns() {
        assertEquals(List.of(SmiField.TIMESTAMP, SmiField.INDEX, SmiField.NAME, SmiField.MEMORY_USED, SmiField.OTHER),
                SmiCsvParser.columnsOfHeader("timestamp, index, gpu_name, memory.used [MiB], temperature.gpu")
                        .orElseThrow());
        assertTrue(SmiCsvParser.columnsOfHeader("0, GPU-1, 4").isEmpty());
    }

    @Test
    void computeAppsWithWddmNotAvailableAndCommasInPaths() throws IOException {
        List<String> lines = Files.readAllLines(StandIns.resource("formats/compute-apps-wddm.csv"));
        List<GpuProcessSample> apps = ComputeAppsParser.parse(lines, 1L,
                Map.of("GPU-aaaaaaaa-0000-1111-2222-333344445555", 0));
        assertEquals(2, apps.size());
        assertEquals("C:\\Program Files\\NVIDIA Corporation\\NVIDIA App\\CEF\\NVIDIA Overlay.exe", apps.get(0).processName());
        assertNull(apps.get(0).usedBytes());
        assertEquals("C:\\Users\\me\\llm, server\\python.exe", apps.get(1).processName());
        assertEquals(0, apps.get(1).gpuIndex());
    }

    @Test
    void computeAppsOfTheH200Runs() throws IOException {
        List<String> lines = Files.readAllLines(
                StandIns.resource("h200/runs/llama2-7b-b8-256-256/compute-apps.csv"));
        List<GpuProcessSample> apps = ComputeAppsParser.parse(lines, 1L, Map.of());
        assertEquals(1, apps.size());
        assertEquals(745, apps.get(0).pid());
        assertEquals(13464 * Bytes.MIB, apps.get(0).usedBytes());
        assertTrue(ComputeAppsParser.parse(Files.readAllLines(StandIns.resource("h200/nvidia-smi/apps-empty.csv")), 1L,
                Map.of()).isEmpty());
    }

    @Test
    void driverErrorsAreRecognised() throws IOException {
        assertEquals(GpuSamplerError.Kind.INVALID_FIELD, diagnose("h200/nvidia-smi/bad-field.txt").kind());
        assertEquals("bogus.field", diagnose("h200/nvidia-smi/bad-field.txt").invalidField());
        assertEquals(GpuSamplerError.Kind.NO_DEVICES, diagnose("h200/nvidia-smi/bad-index.txt").kind());
        assertEquals(GpuSamplerError.Kind.GPU_LOST, diagnose("formats/gpu-lost.txt").kind());
        assertEquals(GpuSamplerError.Kind.DRIVER_MISMATCH, diagnose("formats/driver-mismatch.txt").kind());
        assertEquals(GpuSamplerError.Kind.NO_DRIVER, diagnose("formats/no-driver.txt").kind());
        assertTrue(diagnose("formats/gpu-lost.txt").message().contains("reboot"));
        assertTrue(SmiDiagnostics.diagnose(List.of("0, GPU-1, 5, 10")).isEmpty());
    }

    private static SmiDiagnostics.Diagnosis diagnose(String resource) throws IOException {
        return SmiDiagnostics.diagnose(Files.readAllLines(StandIns.resource(resource))).orElseThrow();
    }
}
