package dev.memlens.core.vllm.breakdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.report.BenchmarkParameters;
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
        assertEquals(new EngineBudget(null, EngineBudget.Source.ENGINE_LOG, null, 75 * GIB), logged,
                "summed over 4 ranks, drawn per GPU");
        assertTrue(EngineBudget.of(report(null, 1, null)).isEmpty(), "no budget recorded: none is made up");
        ProfileReport api = report(0.9, 1, null).toBuilder().mode(dev.memlens.core.report.RunMode.API).build();
        assertEquals(EngineBudget.fromMetrics(0.9), EngineBudget.of(api).orElseThrow(),
                "a server MemLens did not start: its share came from its /metrics");
        assertEquals("from vLLM's /metrics", EngineBudget.of(api).orElseThrow().sourceLabel());
    }
}
