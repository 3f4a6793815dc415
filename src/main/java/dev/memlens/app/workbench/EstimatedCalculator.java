package dev.memlens.app.workbench;

import dev.memlens.core.compare.BuiltInEstimate;
import dev.memlens.core.estimate.EstimateRequest;
import dev.memlens.core.model.ModelSpec;
import dev.memlens.core.report.CalculatorValues;
import dev.memlens.core.report.MemoryComponent;
import java.util.Map;

/**
 * The built-in estimate for a form's run (see {@link BuiltInEstimate}, core's owner of the rule) and the formula
 * behind each figure, shown on hover in the results view.
 */
public record EstimatedCalculator(CalculatorValues values, Map<MemoryComponent, String> formulas, String totalFormula) {
    public static final String SOURCE = BuiltInEstimate.SOURCE;

    public EstimatedCalculator {
        formulas = Map.copyOf(formulas);
    }

    /** Estimates for this model and request; null when either is missing or the estimator refuses the input. */
    public static EstimatedCalculator of(ModelSpec spec, EstimateRequest request) {
        return BuiltInEstimate.of(spec, request)
                .map(v -> new EstimatedCalculator(v, v.formulas(), v.totalFormula())).orElse(null);
    }
}
