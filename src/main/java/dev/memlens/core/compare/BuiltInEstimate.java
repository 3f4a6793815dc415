package dev.memlens.core.compare;

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
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The built-in estimator's figures as calculator values, in the calculator's four components plus the total, with
 * the formula behind each stored beside them (so a report reopened later still shows them). One place for the app
 * and the CLI: a run of either compares with the same estimate.
 */
public final class BuiltInEstimate {
    public static final String SOURCE = "memlens estimator";

    private BuiltInEstimate() {
    }

    /** Empty when the model or the request is missing, or the estimator refuses the input. */
    public static Optional<CalculatorValues> of(ModelSpec spec, EstimateRequest request) {
        if (spec == null || request == null) {
            return Optional.empty();
        }
        Estimate e;
        try {
            e = Estimator.estimate(spec, request);
        } catch (IllegalArgumentException ex) {
            return Optional.empty();
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
        return Optional.of(new CalculatorValues(e.calculatorComponents(), e.peakBytes(), SOURCE, formulas,
                e.peak().formula()));
    }

    private static String formula(Estimate e, EstimateComponent c) {
        EstimatedFigure f = e.components().get(c);
        return f == null ? "does not apply to " + e.engine().tag() : f.formula();
    }
}
