package dev.memlens.app.workbench;

import dev.memlens.core.estimate.Estimate;
import dev.memlens.core.estimate.EstimateComponent;
import dev.memlens.core.estimate.EstimateRequest;
import dev.memlens.core.estimate.EstimatedFigure;
import dev.memlens.core.estimate.Estimator;
import dev.memlens.core.model.ModelSpec;
import dev.memlens.core.report.CalculatorValues;
import dev.memlens.core.report.MemoryComponent;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The built-in estimator's figures in the calculator's four components plus the total, and the formula behind each
 * (shown on hover in the results view).
 */
public record EstimatedCalculator(CalculatorValues values, Map<MemoryComponent, String> formulas, String totalFormula) {
    public static final String SOURCE = "memlens estimator";

    public EstimatedCalculator {
        formulas = Map.copyOf(formulas);
    }

    /** Estimates for this model and request; null when either is missing or the estimator refuses the input. */
    public static EstimatedCalculator of(ModelSpec spec, EstimateRequest request) {
        if (spec == null || request == null) {
            return null;
        }
        Estimate e;
        try {
            e = Estimator.estimate(spec, request);
        } catch (IllegalArgumentException ex) {
            return null;
        }
        Map<MemoryComponent, String> formulas = new EnumMap<>(MemoryComponent.class);
        formulas.put(MemoryComponent.WEIGHTS, formula(e, EstimateComponent.WEIGHTS));
        formulas.put(MemoryComponent.KV_CACHE, formula(e, EstimateComponent.KV_CACHE));
        formulas.put(MemoryComponent.ACTIVATIONS, formula(e, EstimateComponent.ACTIVATIONS));
        StringJoiner overhead = new StringJoiner("\n+ ", "CUDA context + CUDA graphs + other:\n  ", "");
        for (EstimateComponent c : new EstimateComponent[] {EstimateComponent.CUDA_CONTEXT,
                EstimateComponent.CUDA_GRAPHS, EstimateComponent.OTHER}) {
            EstimatedFigure f = e.components().get(c);
            if (f != null) {
                overhead.add(f.formula());
            }
        }
        formulas.put(MemoryComponent.FRAMEWORK_OVERHEAD, overhead.toString());
        CalculatorValues values = new CalculatorValues(e.calculatorComponents(), e.peakBytes(), SOURCE);
        return new EstimatedCalculator(values, formulas, e.peak().formula());
    }

    private static String formula(Estimate e, EstimateComponent c) {
        EstimatedFigure f = e.components().get(c);
        return f == null ? "does not apply to " + e.engine().tag() : f.formula();
    }
}
