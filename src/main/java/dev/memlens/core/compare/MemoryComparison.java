package dev.memlens.core.compare;

import dev.memlens.core.report.CalculatorValues;
import dev.memlens.core.report.FigureKind;
import dev.memlens.core.report.MemoryAccount;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.report.ProfileReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one comparison of a run's memory account with calculator values: component rows ✓/⚠/✗ by the 15 %/30 %
 * bands, the total ✓ pass / ✗ fail against the tolerance. A row whose measured side is unknown gets no verdict.
 * Percentages use exact bytes (the original rounded to 0.01 GB first); a calculated 0 never divides by zero.
 */
public final class MemoryComparison {
    public static final double DEFAULT_TOLERANCE_PCT = 10.0;

    private MemoryComparison() {
    }

    /** The report against its own calculator values and tolerance; empty without usable calculator values. */
    public static Optional<ComparisonResult> of(ProfileReport r) {
        if (!r.hasCalculatorValues()) {
            return Optional.empty();
        }
        return compare(r.account(), r.calculator(), r.tolerancePct() == null ? DEFAULT_TOLERANCE_PCT : r.tolerancePct());
    }

    /**
     * @return empty when the calculator values give neither a total nor all four components
     */
    public static Optional<ComparisonResult> compare(MemoryAccount measured, CalculatorValues calculated,
                                                     double tolerancePct) {
        if (tolerancePct < 0 || Double.isNaN(tolerancePct)) {
            throw new IllegalArgumentException("tolerance must be a percentage of 0 or more, got " + tolerancePct);
        }
        Optional<Long> calcTotal = calculated.effectiveTotal();
        if (calcTotal.isEmpty()) {
            return Optional.empty();
        }
        Map<MemoryComponent, Long> actual = measured.calculatorComponents();
        List<ComparisonRow> rows = new ArrayList<>();
        for (MemoryComponent c : MemoryComponent.values()) {
            calculated.component(c).ifPresent(calc -> rows.add(row(c, actual.get(c), calc,
                    measured.calculatorKind(c), measured.calculatorSources(c))));
        }
        Long actualTotal = measured.totalBytes();
        Double totalPct = actualTotal == null ? null : percentDiff(actualTotal, calcTotal.get());
        Boolean pass = actualTotal == null ? null : totalPct != null && Math.abs(totalPct) <= tolerancePct;
        Verdict totalVerdict = pass == null ? null : pass ? Verdict.OK : Verdict.BAD;
        ComparisonRow total = new ComparisonRow(null, actualTotal, calcTotal.get(), totalPct, totalVerdict,
                Advice.forTotal(totalPct, pass, tolerancePct),
                actualTotal == null ? FigureKind.UNKNOWN : FigureKind.MEASURED,
                measured.totalSource() == null ? "not measured" : measured.totalSource().tag());
        return Optional.of(new ComparisonResult(rows, total, tolerancePct, pass));
    }

    static ComparisonRow row(MemoryComponent component, Long actual, long calculated, FigureKind kind, String source) {
        if (actual == null) {
            return new ComparisonRow(component, null, calculated, null, null,
                    "Not measured in this run: no verdict.", FigureKind.UNKNOWN, source);
        }
        Double pct = percentDiff(actual, calculated);
        Verdict verdict = Verdict.forPercent(pct);
        return new ComparisonRow(component, actual, calculated, pct, verdict, Advice.forRow(component, pct, verdict),
                kind, source);
    }

    /** (actual − calculated) / calculated × 100; 0 when both are 0; null when only the calculated is 0. */
    static Double percentDiff(long actual, long calculated) {
        if (calculated == 0) {
            return actual == 0 ? 0.0 : null;
        }
        return (actual - calculated) * 100.0 / calculated;
    }
}
