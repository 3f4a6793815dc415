package dev.memlens.core.gpu.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.units.Bytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Traces a hostile user hands to `memlens trace`: other units, shifted columns, bad sizes, no line ends, FIFOs. */
class TraceHostileInputTest {
    private static final String HEADER = "timestamp, index, uuid, name, memory.total [MiB], memory.used [MiB]\n";
    private final TraceReader reader = new TraceReader();

    private static String row(String time, String used) {
        return "2026/11/27 10:00:" + time + ", 0, GPU-aaaa, NVIDIA H200, 143771 MiB, " + used + "\n";
    }

    private TraceException refused(String text) {
        return assertThrows(TraceException.class, () -> reader.parse("t.csv", text));
    }

    @Test
    void everyMemoryUnitIsConvertedExactly() throws TraceException {
        Trace trace = reader.parse("t.csv", HEADER + row("00.000", "12 KiB") + row("00.100", "3 GiB")
                + row("00.200", "2 MB") + row("00.300", "1.5 GB") + row("00.400", "7 B") + row("00.500", "1 TiB")
                + row("00.600", "640"));
        assertEquals(List.of(12 * Bytes.KIB, 3 * Bytes.GIB, 2_000_000L, 1_500_000_000L, 7L, 1L << 40, 640 * Bytes.MIB),
                trace.samples().stream().map(s -> s.usedBytes()).toList());
    }

    @Test
    void anUnknownUnitNamesTheLineAndTheUnits() {
        TraceException e = refused(HEADER + row("00.000", "1 MiB") + row("00.100", "12 furlongs"));
        assertEquals("t.csv line 3 column 'memory.used' holds '12 furlongs', unknown unit 'furlongs' (MemLens reads B,"
                + " KiB, MiB, GiB, TiB, kB, MB, GB, TB): the columns may be shifted (the header says timestamp, index,"
                + " uuid, name, memory.total, memory.used); correct the file or record it again", e.getMessage());
    }

    @Test
    void negativeAndOverflowingSizesAreRefusedNotClamped() {
        assertTrue(refused(HEADER + row("00.000", "-5 MiB")).getMessage()
                .contains("line 2 column 'memory.used' holds '-5 MiB', a memory size cannot be negative"));
        assertTrue(refused(HEADER + row("00.000", "99999999999999999999 MiB")).getMessage()
                .contains("the size is too large for MemLens"));
        assertTrue(refused(HEADER + row("00.000", "9000000000000 MiB")).getMessage()
                .contains("the size is too large for MemLens"));
    }

    @Test
    void shiftedColumnsAreRefusedNamingLineAndColumn() {
        TraceException e = refused(HEADER + row("00.000", "1 MiB")
                + "2026/11/27 10:00:00.100, 0, GPU-aaaa, 143771 MiB, NVIDIA H200, 5000 MiB\n");
        assertTrue(e.getMessage().startsWith("t.csv line 3 column 'memory.total' holds 'NVIDIA H200', not a number"),
                e.getMessage());
        TraceException missing = refused(HEADER + "2026/11/27 10:00:00.100, 0, GPU-aaaa, 143771 MiB, 5000 MiB\n");
        assertTrue(missing.getMessage().startsWith("t.csv line 2 has 5 cells where the header names 6 columns"),
                missing.getMessage());
    }

    @Test
    void linesThatAreNoDataRowAreSkippedAndCounted() throws TraceException {
        Trace trace = reader.parse("t.csv", HEADER + row("00.000", "1 MiB")
                + "Unable to determine the device handle for GPU 0000:02:00.0: GPU is lost\n" + HEADER
                + row("00.100", "2 MiB"));
        assertEquals(2, trace.samples().size());
        assertTrue(trace.warnings().contains("skipped 1 line(s) of t.csv that are not CSV rows of the header's 6 columns"),
                trace.warnings().toString());
    }

    @Test
    void gpusWithoutIndexOrUuidAreToldApartByNameTotalAndOrder() throws TraceException {
        String csv = "timestamp, name, memory.total [MiB], memory.used [MiB]\n"
                + "2026/11/27 10:00:00.000, NVIDIA H200, 143771 MiB, 100 MiB\n"
                + "2026/11/27 10:00:00.000, NVIDIA H200, 143771 MiB, 200 MiB\n"
                + "2026/11/27 10:00:00.000, NVIDIA A100-SXM4-40GB, 40960 MiB, 300 MiB\n"
                + "2026/11/27 10:00:00.100, NVIDIA H200, 143771 MiB, 1100 MiB\n"
                + "2026/11/27 10:00:00.100, NVIDIA H200, 143771 MiB, 1200 MiB\n"
                + "2026/11/27 10:00:00.100, NVIDIA A100-SXM4-40GB, 40960 MiB, 1300 MiB\n";
        TraceSummary summary = TraceSummary.of(reader.parse("t.csv", csv));
        assertEquals(3, summary.gpus().size(), summary.toString());
        assertEquals(List.of(1100 * Bytes.MIB, 1200 * Bytes.MIB, 1300 * Bytes.MIB),
                summary.gpus().stream().map(TraceSummary.Gpu::peakUsedBytes).toList());
        assertEquals(List.of("NVIDIA H200", "NVIDIA H200", "NVIDIA A100-SXM4-40GB"),
                summary.gpus().stream().map(TraceSummary.Gpu::name).toList());
        assertEquals(40960 * Bytes.MIB, summary.gpus().get(2).totalBytes());
        assertTrue(summary.warnings().stream().anyMatch(w -> w.contains("no index, uuid or pci.bus_id column")));
    }

    @Test
    void aPciBusIdTellsGpusApart() throws TraceException {
        String csv = "pci.bus_id, name, memory.used [MiB]\n"
                + "00000000:18:00.0, NVIDIA H200, 1 MiB\n00000000:2A:00.0, NVIDIA H200, 2 MiB\n"
                + "00000000:18:00.0, NVIDIA H200, 3 MiB\n00000000:2A:00.0, NVIDIA H200, 4 MiB\n";
        TraceSummary summary = TraceSummary.of(reader.parse("t.csv", csv));
        assertEquals(List.of(2, 2), summary.gpus().stream().map(TraceSummary.Gpu::samples).toList());
        assertEquals(List.of(3 * Bytes.MIB, 4 * Bytes.MIB),
                summary.gpus().stream().map(TraceSummary.Gpu::peakUsedBytes).toList());
        assertNull(summary.gpus().get(0).totalBytes());
    }

    @Test
    void aFileWithoutLineEndsIsRefusedInsteadOfFillingTheHeap(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("one-line.csv");
        Files.writeString(file, HEADER + "2026/11/27 10:00:00.000, 0, " + "x".repeat(3 << 20));
        TraceException e = assertThrows(TraceException.class, () -> reader.summarize(file));
        assertEquals("one-line.csv line 2 is longer than 1 MiB: this is not a trace MemLens reads (line ends missing?)",
                e.getMessage());
    }

    @Test
    @Timeout(60) // a guard only: opening a FIFO would block forever
    void aFifoIsRefusedWithoutOpeningIt(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("trace.csv");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        TraceException e = assertThrows(TraceException.class, () -> reader.summarize(fifo));
        assertTrue(e.getMessage().contains("is not a regular file (a FIFO, socket or device)"), e.getMessage());
    }

    @Test
    void summarizeAndReadAgree(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("t.csv");
        Files.writeString(file, HEADER + row("00.000", "10 MiB") + row("00.100", "30 MiB") + row("00.200", "20 MiB"));
        assertEquals(TraceSummary.of(reader.read(file)), reader.summarize(file));
    }
}
