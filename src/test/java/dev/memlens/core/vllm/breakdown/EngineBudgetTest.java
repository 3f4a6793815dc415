package dev.memlens.core.vllm.breakdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.report.BenchmarkParameters;
import dev.memlens.core.report.EngineShare;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.MeasuredFigure;
import dev.memlens.core.report.MemoryAccount;
import dev.memlens.core.report.ProfileReport;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one rule for which utilisation a run used, and what a saved report keeps of it. */
class EngineBudgetTest {
    private static final long GIB = 1L << 30;

    @Test
    void theArgumentThenTheLogThenTheVersionsDefault() {
        assertEquals(EngineBudget.fromArguments(0.8), EngineBudget.resolve(0.8, null, null, "0.19.0"));
        assertEquals(EngineBudget.fromLog(0.95), EngineBudget.resolve(null, 0.95, null, "0.19.0"));
        assertEquals(0.9, EngineBudget.resolve(null, null, null, "0.19.0").share(), "0.19's default");
        assertEquals(0.92, EngineBudget.resolve(null, null, null, null).share(), "the newest rules' default");
        assertEquals("the newest vLLM's default, not yet in the log",
                EngineBudget.resolve(null, null, null, "not a version").sourceLabel());
        EngineBudget both = EngineBudget.resolve(0.8, 0.8, 80 * GIB, "0.19.0");
        assertEquals(EngineBudget.Source.ARGUMENTS, both.source(), "what vLLM was given stays the share's source");
        assertEquals(64 * GIB, both.perGpuBytes(), "the log's GPU total makes vLLM's own bytes");
        assertEquals(64 * GIB, both.bytesOn(140 * GIB), "vLLM's bytes, not the sampled capacity's");
        assertEquals(70 * GIB, EngineBudget.fromLog(0.5).bytesOn(140 * GIB));
        assertThrows(IllegalArgumentException.class, () -> new EngineBudget(null, EngineBudget.Source.ENGINE_LOG, null, null));
    }

    private static ProfileReport report(Double share, Integer tp, Long requested) {
        BenchmarkParameters p = new BenchmarkParameters(512, 128, 1, "auto", tp, null, null, 10, 30, null, share, false,
                Map.of());
        MemoryAccount.Builder account = MemoryAccount.builder();
        if (requested != null) {
            account.detail(EngineBudget.REQUESTED_DETAIL, new MeasuredFigure(requested, FigureSource.VLLM_LOG, ""));
        }
        return ProfileReport.builder().parameters(p).account(account.build()).build();
    }

    @Test
    void aReportsParametersThenTheBudgetItsVllmLogRequestedPerRank() {
        assertEquals(EngineBudget.fromArguments(0.9), EngineBudget.of(report(0.9, 1, null)).orElseThrow());
        assertEquals(EngineBudget.fromArguments(0.9).withPerGpuBytes(72 * GIB),
                EngineBudget.of(report(0.9, 1, 72 * GIB)).orElseThrow());
        EngineBudget logged = EngineBudget.of(report(null, 4, 4 * 75 * GIB)).orElseThrow();
        assertEquals(new EngineBudget(null, EngineBudget.Source.ENGINE_LOG, null, 75 * GIB, 4), logged,
                "summed over 4 ranks, drawn per GPU, on the 4 GPUs tensor parallel 4 budgets");
        assertTrue(EngineBudget.of(report(null, 1, null)).isEmpty(), "no budget recorded: none is made up");
        ProfileReport api = report(0.9, 1, null).toBuilder().mode(dev.memlens.core.report.RunMode.API).build();
        assertEquals(EngineBudget.fromMetrics(0.9), EngineBudget.of(api).orElseThrow(),
                "a server MemLens did not start: its share came from its /metrics");
        assertEquals("from vLLM's /metrics", EngineBudget.of(api).orElseThrow().sourceLabel());
    }

    @Test
    void aReportsBudgetIsOnTheGpusVllmBudgetsTensorTimesPipelineParallel() {
        assertEquals(1, EngineBudget.of(report(0.9, null, null)).orElseThrow().gpus(), "vLLM's default sizes are 1");
        assertEquals(2, EngineBudget.of(report(0.9, 2, null)).orElseThrow().gpus());
        BenchmarkParameters p = report(null, 2, null).parameters();
        ProfileReport tp2pp2 = report(null, 2, 4 * 75 * GIB).toBuilder().parameters(new BenchmarkParameters(
                p.inputLen(), p.outputLen(), p.batchSize(), p.dtype(), 2, null, null, 10, 30, null, null, false,
                Map.of("extra_engine_args", "--enforce-eager --pipeline-parallel-size 2"))).build();
        EngineBudget b = EngineBudget.of(tp2pp2).orElseThrow();
        assertEquals(4, b.gpus());
        assertEquals(75 * GIB, b.perGpuBytes(), "vLLM's requested bytes summed over its 4 ranks, per GPU");
        assertEquals(3, EngineBudget.pipelineParallelSize(java.util.List.of("-pp=3")));
        assertEquals(null, EngineBudget.pipelineParallelSize(java.util.List.of("--pipeline-parallel-size", "x")));
        assertThrows(IllegalArgumentException.class, () -> EngineBudget.fromLog(0.9).onGpus(0));
    }

    @Test
    void aSavedReportKeepsTheShareVllmsLogGaveAndAnOlderOneStillReads(@org.junit.jupiter.api.io.TempDir
                                                                      java.nio.file.Path dir) throws Exception {
        long requested = Math.round(0.95 * Math.round(79.19 * GIB));
        ProfileReport run = report(null, 1, requested).toBuilder()
                .engineShare(new EngineShare(0.95, FigureSource.VLLM_LOG)).build();
        java.nio.file.Path file = dir.resolve("run.json");
        dev.memlens.core.report.library.ReportFiles.save(run, file);
        ProfileReport back = dev.memlens.core.report.json.ReportReader.read(file);
        assertEquals(new EngineShare(0.95, FigureSource.VLLM_LOG), back.engineShare());
        assertEquals(EngineBudget.fromLog(0.95).withPerGpuBytes(requested), EngineBudget.of(back).orElseThrow());
        // an older report has no engine_share: its budget is the log's bytes alone, as before
        com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        json.remove("engine_share");
        java.nio.file.Files.writeString(file, json.toString());
        ProfileReport old = dev.memlens.core.report.json.ReportReader.read(file);
        assertEquals(null, old.engineShare());
        assertEquals(new EngineBudget(null, EngineBudget.Source.ENGINE_LOG, null, requested),
                EngineBudget.of(old).orElseThrow());
        json.putObject("engine_share").put("gpu_memory_utilization", 0.95).put("source", "formula");
        java.nio.file.Files.writeString(file, json.toString());
        var bad = assertThrows(dev.memlens.core.report.ReportFormatException.class,
                () -> dev.memlens.core.report.json.ReportReader.read(file));
        assertTrue(bad.getMessage().contains("engine_share") && !bad.getMessage().contains("\n"), bad.getMessage());
    }

    @Test
    void aServersReportNamesItsShareAsFromMetricsWhereverItIsListed() {
        ProfileReport api = report(0.9, 1, null).toBuilder().mode(dev.memlens.core.report.RunMode.API)
                .engineShare(new EngineShare(0.9, FigureSource.VLLM_METRICS)).build();
        assertEquals("0.90 (from vLLM's /metrics)", EngineBudget.of(api).orElseThrow().parameterText());
        assertEquals("0.90 (from --gpu-memory-utilization)",
                EngineBudget.of(report(0.9, 1, null)).orElseThrow().parameterText());
        assertEquals(null, EngineBudget.of(report(null, 1, 72 * GIB)).orElseThrow().parameterText(),
                "only the bytes known: no share is made up");
    }
}
