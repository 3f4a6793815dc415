package dev.memlens.core.gpu.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.gpu.StandIns;
import dev.memlens.core.units.Bytes;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceReaderTest {
    private final TraceReader reader = new TraceReader();

    private Trace read(String resource) throws TraceException {
        return reader.read(StandIns.resource(resource));
    }

    private TraceSummary.Gpu only(Trace trace) {
        List<TraceSummary.Gpu> gpus = TraceSummary.of(trace).gpus();
        assertEquals(1, gpus.size());
        return gpus.get(0);
    }

    @ParameterizedTest
    @CsvSource({
        "llama2-7b-b8-256-256, 228, 4, 19855, 2026-11-27T20:21:47.232Z, GPU-6486822f-842c-1320-f829-e4155c0d2130",
        "mistral-7b-bf16-b16-512-512, 499, 4, 17217, 2026-11-27T20:31:23.529Z, GPU-bb9ded10-5454-20fc-e363-f2ee571c70b6",
        "qwen2.5-0.5b-b16-512-256, 226, 851, 2279, 2026-11-27T20:23:36.823Z, GPU-6486822f-842c-1320-f829-e4155c0d2130",
    })
    void realH200RunTraces(String run, int samples, long baselineMib, long peakMib, String peakAt, String uuid)
            throws TraceException {
        Trace trace = read("h200/runs/" + run + "/nvidia-smi.csv");
        assertEquals(TraceFormat.NVIDIA_SMI_CSV, trace.format());
        assertTrue(trace.realTimestamps());
        TraceSummary.Gpu gpu = only(trace);
        assertEquals(samples, gpu.samples());
        assertEquals(baselineMib * Bytes.MIB, gpu.baselineUsedBytes());
        assertEquals(peakMib * Bytes.MIB, gpu.peakUsedBytes());
        assertEquals(Instant.parse(peakAt).toEpochMilli(), gpu.peakMillis());
        assertEquals(143771 * Bytes.MIB, gpu.totalBytes());
        assertEquals(uuid, gpu.uuid());
        assertEquals("NVIDIA H200", gpu.name());
    }

    /** Captured on the GPU machine while torch allocated eight 1 GiB tensors (see docs/PERFORMANCE.md). */
    @Test
    void freshH200TraceOfTorchAllocatingOneGibStepsWithUnitsFreeHeader() throws TraceException {
        Trace trace = read("h200/fresh/torch-1gib-steps.csv");
        TraceSummary.Gpu gpu = only(trace);
        assertEquals(182, gpu.samples());
        assertEquals(0, gpu.baselineUsedBytes());
        assertEquals(8719 * Bytes.MIB, gpu.peakUsedBytes());
        long context = 527 * Bytes.MIB; // CUDA context before the first tensor
        assertEquals(8 * Bytes.GIB, gpu.peakUsedBytes() - context);
        assertEquals(Instant.parse("2026-11-27T21:07:34.933Z").toEpochMilli(), gpu.peakMillis());
        assertEquals(616 * Bytes.MIB, trace.samples().get(0).reservedBytes());
        assertEquals(80.97, trace.samples().get(0).powerWatts());
        assertTrue(trace.warnings().isEmpty(), trace.warnings().toString());
    }

    @Test
    void realH200OneShotCsvWithAndWithoutHeader() throws TraceException {
        Trace withHeader = read("h200/nvidia-smi/q-csv.txt");
        GpuSample s = withHeader.samples().get(0);
        assertEquals(0, s.usedBytes());
        assertEquals(616 * Bytes.MIB, s.reservedBytes());
        assertEquals(79.23, s.powerWatts());
        assertFalse(withHeader.realTimestamps());
        Trace headerless = read("h200/nvidia-smi/q-csv-noheader-nounits.txt");
        assertEquals(143771 * Bytes.MIB, headerless.samples().get(0).totalBytes());
        assertEquals(0, headerless.samples().get(0).usedBytes());
        assertTrue(headerless.warnings().get(0).contains("assumed columns"));
    }

    @Test
    void headerlessCsvWithoutUuidIsRefusedWithAnExplanation() {
        TraceException e = assertThrows(TraceException.class, () -> read("h200/nvidia-smi/idle-loop.csv"));
        assertTrue(e.getMessage().contains("idle-loop.csv"));
        assertTrue(e.getMessage().contains("header"));
    }

    @Test
    void realH200Xml() throws TraceException {
        Trace trace = read("h200/nvidia-smi/q-x.xml");
        assertEquals(TraceFormat.NVIDIA_SMI_XML, trace.format());
        GpuSample s = trace.samples().get(0);
        assertEquals("GPU-6486822f-842c-1320-f829-e4155c0d2130", s.uuid());
        assertEquals(143771 * Bytes.MIB, s.totalBytes());
        assertEquals(616 * Bytes.MIB, s.reservedBytes());
        assertEquals(79.27, s.powerWatts());
        assertEquals(Instant.parse("2026-11-27T20:20:22Z").toEpochMilli(), s.timestampMillis());
    }

    @Test
    void olderXmlLoopWithSeveralDocumentsAndProcesses() throws TraceException {
        Trace trace = read("formats/nvidia-smi-xml-v11-loop.xml");
        TraceSummary.Gpu gpu = only(trace);
        assertEquals(2, gpu.samples());
        assertEquals(1032 * Bytes.MIB, gpu.baselineUsedBytes());
        assertEquals(7000 * Bytes.MIB, gpu.peakUsedBytes());
        assertNull(trace.samples().get(0).reservedBytes());
        assertEquals(26.78, trace.samples().get(0).powerWatts());
        assertNull(trace.samples().get(1).utilizationPercent());
        TraceEvent.Processes first = (TraceEvent.Processes) trace.events().get(1);
        assertEquals(5762, first.processes().get(0).pid());
        assertEquals(1005 * Bytes.MIB, first.processes().get(0).usedBytes());
    }

    @Test
    void migCsvKeepsWholeGpuMemoryWithUtilisationAbsent() throws TraceException {
        Trace trace = read("formats/nvidia-smi-mig.csv");
        assertEquals(2, trace.samples().size());
        assertEquals(11125 * Bytes.MIB, trace.samples().get(0).usedBytes());
        assertNull(trace.samples().get(0).utilizationPercent());
        assertEquals(0, trace.samples().get(1).utilizationPercent());
    }

    @Test
    void windowsCrlfEmptyCellsAndUnknownErrors() throws TraceException {
        Trace trace = read("formats/nvidia-smi-windows-crlf.csv");
        TraceSummary.Gpu gpu = only(trace);
        assertEquals(9000 * Bytes.MIB, gpu.peakUsedBytes());
        assertNull(trace.samples().get(0).reservedBytes());
        assertNull(trace.samples().get(0).powerWatts());
        assertEquals(250.5, trace.samples().get(1).powerWatts());
        assertEquals("NVIDIA GeForce RTX 4090", gpu.name());
    }

    @Test
    void oldDriverNotSupportedAndXidLines() throws TraceException {
        Trace trace = read("formats/nvidia-smi-old-driver.csv");
        assertEquals(2, trace.samples().size());
        assertEquals(5000 * Bytes.MIB, only(trace).peakUsedBytes());
        assertTrue(trace.warnings().stream().anyMatch(w -> w.contains("skipped 1 line")));
    }

    @Test
    void unifiedMemoryGpuHasNoDeviceFiguresAndSaysSo() throws TraceException {
        Trace trace = read("formats/nvidia-smi-gb10-unified.csv");
        assertTrue(trace.samples().isEmpty());
        assertTrue(trace.warnings().stream().anyMatch(w -> w.contains("unified-memory")));
    }

    @Test
    void amdSmiRocm6ArrayWithStringValuesAndNotAvailable() throws TraceException {
        Trace trace = read("formats/amd-smi-metric-rocm6.json");
        assertEquals(TraceFormat.AMD_SMI_JSON, trace.format());
        assertEquals(2, trace.samples().size());
        assertEquals(283 * Bytes.MIB, trace.samples().get(0).usedBytes());
        assertEquals(196592 * Bytes.MIB, trace.samples().get(0).totalBytes());
        assertEquals(150000 * Bytes.MIB, trace.samples().get(1).usedBytes());
    }

    @Test
    void amdSmiRocm7GpuDataObject() throws TraceException {
        Trace trace = read("formats/amd-smi-metric-rocm7.json");
        assertEquals(TraceFormat.AMD_SMI_JSON, trace.format());
        assertEquals(262128 * Bytes.MIB, only(trace).totalBytes());
        assertEquals(1024 * Bytes.MIB, only(trace).peakUsedBytes());
    }

    @Test
    void amdSmiWatchDocumentsWithTimestamps() throws TraceException {
        Trace trace = read("formats/amd-smi-metric-watch.json");
        TraceSummary.Gpu gpu = only(trace);
        assertTrue(trace.realTimestamps());
        assertEquals(3, gpu.samples());
        assertEquals(100 * Bytes.MIB, gpu.baselineUsedBytes());
        assertEquals(30000 * Bytes.MIB, gpu.peakUsedBytes());
        assertEquals(1795810001000L, gpu.peakMillis());
    }

    @Test
    void rocmSmiOneLineJsonAndNoneValues() throws TraceException {
        Trace trace = read("formats/rocm-smi-meminfo.json");
        assertEquals(TraceFormat.ROCM_SMI_JSON, trace.format());
        TraceSummary.Gpu gpu = only(trace);
        assertEquals(10486939648L, gpu.peakUsedBytes());
        assertEquals(68702699520L, gpu.totalBytes());
        assertEquals("AMD Instinct MI210", gpu.name());
        assertEquals(37, trace.samples().get(0).utilizationPercent());
    }

    @Test
    void rocmSmiOlderLowerCaseKeys() throws TraceException {
        TraceSummary.Gpu gpu = only(read("formats/rocm-smi-old-keys.json"));
        assertEquals(1101004800L, gpu.peakUsedBytes());
        assertEquals("Navi 22 [Radeon RX 6700 XT]", gpu.name());
    }

    @Test
    void dcgmExporterTextWithBlanksMigAndLabelCases() throws TraceException {
        Trace trace = read("formats/dcgm-metrics.txt");
        assertEquals(TraceFormat.DCGM_EXPORTER, trace.format());
        TraceSummary summary = TraceSummary.of(trace);
        assertEquals(2, summary.gpus().size());
        TraceSummary.Gpu gpu0 = summary.gpus().get(0);
        assertEquals(11125 * Bytes.MIB, gpu0.peakUsedBytes());
        assertEquals((11125 + 69956 + 479) * Bytes.MIB, gpu0.totalBytes());
        assertEquals("GPU-11111111-2222-3333-4444-555555555555", gpu0.uuid());
        assertEquals("NVIDIA H100 80GB HBM3", gpu0.name());
        assertEquals(631.95, trace.samples().get(0).powerWatts());
        assertNull(trace.samples().get(1).powerWatts());
        assertTrue(trace.warnings().stream().anyMatch(w -> w.contains("MIG")));
    }

    @Test
    void dcgmConcatenatedScrapesWithTimestampsAndBlankUsed() throws TraceException {
        Trace trace = read("formats/dcgm-two-scrapes.txt");
        TraceSummary.Gpu gpu = only(trace);
        assertEquals(2, gpu.samples());
        assertEquals(30000 * Bytes.MIB, gpu.peakUsedBytes());
        assertEquals(1795810030000L, gpu.peakMillis());
        assertTrue(trace.realTimestamps());
    }

    @Test
    void unknownAndEmptyFilesAreRefusedWithTheFileName() {
        TraceException empty = assertThrows(TraceException.class, () -> reader.parse("empty.csv", "\n"));
        assertTrue(empty.getMessage().contains("empty.csv"));
        TraceException other = assertThrows(TraceException.class, () -> reader.parse("x.txt", "hello world"));
        assertTrue(other.getMessage().contains("not a trace format"));
        TraceException json = assertThrows(TraceException.class, () -> reader.parse("x.json", "{\"a\": 1}"));
        assertTrue(json.getMessage().contains("neither amd-smi"));
    }

    @Test
    void ownSampleCsvRoundTrip() throws TraceException {
        String text = SampleCsv.preamble()
                + SampleCsv.row(GpuSample.of(1000, 0, "GPU-1", "Name, with \"quotes\"", 5, 10L, null, 3, 1.5))
                + SampleCsv.row(new dev.memlens.core.gpu.GpuGap(1000, 5000, "nvidia-smi restarted"))
                + SampleCsv.row(new dev.memlens.core.gpu.GpuProcessSample(5000, 42, "python, 3", null, "GPU-1", 0))
                + SampleCsv.row(GpuSample.of(5000, 0, "GPU-1", "Name, with \"quotes\"", 9, 10L, 2L, null, null));
        Trace trace = reader.parse("own.csv", text);
        assertEquals(TraceFormat.MEMLENS_SAMPLE_CSV, trace.format());
        assertEquals(4, trace.events().size());
        assertEquals("Name, with \"quotes\"", trace.samples().get(0).name());
        assertEquals(9, only(trace).peakUsedBytes());
        assertEquals(new dev.memlens.core.gpu.GpuGap(1000, 5000, "nvidia-smi restarted"),
                ((TraceEvent.Gap) trace.events().get(1)).gap());
        assertEquals("python, 3", ((TraceEvent.Processes) trace.events().get(2)).processes().get(0).processName());
        assertNull(trace.samples().get(0).reservedBytes());
    }

    @Test
    void replayAsFastAsPossibleAndPacedDeliverEverything() throws TraceException {
        Trace trace = read("formats/amd-smi-metric-watch.json");
        dev.memlens.core.gpu.RecordingSink fast = new dev.memlens.core.gpu.RecordingSink();
        assertEquals(3, TraceReplayer.asFastAsPossible().replay(trace, fast));
        assertEquals(trace.samples(), fast.samples);
        dev.memlens.core.gpu.RecordingSink paced = new dev.memlens.core.gpu.RecordingSink();
        long start = System.nanoTime();
        TraceReplayer.realTime(100).replay(trace, paced); // 2 s of trace at 100x: at least 20 ms
        assertTrue(System.nanoTime() - start >= 20_000_000L);
        assertEquals(3, paced.samples.size());
    }
}
