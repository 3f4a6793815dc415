package dev.memlens.core.vllm.breakdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.MeasuredFigure;
import dev.memlens.core.units.Bytes;
import dev.memlens.core.vllm.log.Fixtures;
import dev.memlens.core.vllm.log.VllmStartupReport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

class MeasuredBreakdownAssemblerTest {

    @Test
    void debug_log_gives_every_component_from_vllm() {
        VllmStartupReport log = Fixtures.parse("v1-0.19-llama3.1-8b-h100-debug.log");
        long peak = Bytes.fromGib(76.5);
        MeasuredBreakdown b = MeasuredBreakdownAssembler.assemble(log, List.of(peak),
                Map.of(BreakdownComponent.WEIGHTS, 16_060_522_496L));
        assertEquals(new MeasuredFigure(Bytes.fromGib(14.99), FigureSource.VLLM_LOG, "from vLLM's start-up log"),
                b.components().get(BreakdownComponent.WEIGHTS), "the log wins over the formula");
        assertEquals(Bytes.fromGib(58.11), b.components().get(BreakdownComponent.KV_CACHE).bytes());
        assertEquals(Bytes.fromGib(1.89), b.components().get(BreakdownComponent.ACTIVATIONS).bytes());
        assertEquals(Bytes.fromGib(0.91), b.components().get(BreakdownComponent.CUDA_GRAPHS).bytes());
        assertEquals(Bytes.fromGib(0.25), b.components().get(BreakdownComponent.NON_TORCH_OVERHEAD).bytes());
        assertTrue(b.components().values().stream().allMatch(f -> f.source() == FigureSource.VLLM_LOG));
        long sum = Bytes.fromGib(14.99) + Bytes.fromGib(58.11) + Bytes.fromGib(1.89) + Bytes.fromGib(0.91) + Bytes.fromGib(0.25);
        assertEquals(peak - sum, b.unattributed().bytes());
        assertEquals(FigureSource.GPU_SAMPLER, b.measuredTotal().source());
    }

    @Test
    void info_log_with_two_missing_components_guesses_neither() {
        VllmStartupReport log = Fixtures.parse("v1-0.10-tp2-vllmworker-colour.log");
        long peakPerGpu = Bytes.fromGib(68.0);
        MeasuredBreakdown b = MeasuredBreakdownAssembler.assemble(log, List.of(peakPerGpu, peakPerGpu), Map.of());
        assertEquals(2 * Bytes.fromGib(30.7109), b.components().get(BreakdownComponent.WEIGHTS).bytes());
        assertEquals(Bytes.fromGib(33.74) + Bytes.fromGib(33.87), b.components().get(BreakdownComponent.KV_CACHE).bytes());
        assertFalse(b.components().containsKey(BreakdownComponent.ACTIVATIONS));
        assertFalse(b.components().containsKey(BreakdownComponent.NON_TORCH_OVERHEAD));
        long known = b.components().values().stream().mapToLong(MeasuredFigure::bytes).sum();
        assertEquals(2 * peakPerGpu - known, b.unattributed().bytes());
        assertTrue(b.unattributed().note().contains("activations"));
    }

    @Test
    void formula_fills_one_gap_and_the_residual_the_last() {
        VllmStartupReport log = Fixtures.parse("v1-0.8.3-qwen2-1.5b.log"); // weights, graphs; no KV bytes
        long kvFormula = Bytes.fromGib(10);
        long activationsFormula = Bytes.fromGib(1);
        long total = Bytes.fromGib(20);
        MeasuredBreakdown b = MeasuredBreakdownAssembler.assemble(log, List.of(total),
                Map.of(BreakdownComponent.KV_CACHE, kvFormula, BreakdownComponent.ACTIVATIONS, activationsFormula));
        assertEquals(FigureSource.VLLM_LOG, b.components().get(BreakdownComponent.WEIGHTS).source());
        assertEquals(new MeasuredFigure(kvFormula, FigureSource.FORMULA, "computed from the model's architecture"),
                b.components().get(BreakdownComponent.KV_CACHE));
        MeasuredFigure overhead = b.components().get(BreakdownComponent.NON_TORCH_OVERHEAD);
        assertEquals(FigureSource.RESIDUAL, overhead.source());
        assertEquals(total - Bytes.fromGib(3.3465) - Bytes.fromGib(1.47) - kvFormula - activationsFormula, overhead.bytes());
    }

    @Test
    void without_log_or_total_only_formulas_remain() {
        MeasuredBreakdown b = MeasuredBreakdownAssembler.assemble(null, List.of(), Map.of(BreakdownComponent.WEIGHTS, 5L));
        assertEquals(1, b.components().size());
        assertNull(b.measuredTotal());
        assertNull(b.unattributed());
    }
}
