package dev.memlens.core.compare;

import dev.memlens.core.report.CalculatorValues;
import dev.memlens.core.report.MemoryBreakdown;
import dev.memlens.core.report.MemoryComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compares a measured breakdown with calculator values. Percentages use exact bytes (the original rounded to
 * 0.01 GB first); a calculated 0 never divides by zero.
 */
public final class MemoryComparison {
    public static final double DEFAULT_TOLERANCE_PCT = 10.0;

    private MemoryComparison() {
    }

    /**
     * @return empty when the calculator values give neither a total nor all four components
     */
    public static Optional<ComparisonResult> compare(MemoryBreakdown measured, CalculatorValues calculated,
                                                     double tolerancePct) {
        if (tolerancePct < 0 || Double.isNaN(tolerancePct)) {
            throw new IllegalArgumentException("tolerance must be a percentage of 0 or more, got " + tolerancePct);
        }
        Optional<Long> calcTotal = calculated.effectiveTotal();
        if (calcTotal.isEmpty()) {
            return Optional.empty();
        }
        List<ComparisonRow> rows = new ArrayList<>();
        for (MemoryComponent c : MemoryComponent.values()) {
            calculated.component(c).ifPresent(calc -> rows.add(row(c, measured.componentBytes(c), calc)));
        }
        long actualTotal = measured.actualTotalBytes();
        Double totalPct = percentDiff(actualTotal, calcTotal.get());
        boolean pass = totalPct != null && Math.abs(totalPct) <= tolerancePct;
        // the total's symbol follows the tolerance, so a failing total never shows ✓
        Verdict totalVerdict = pass ? Verdict.OK : Verdict.forPercent(totalPct) == Verdict.OK ? Verdict.WARN
                : Verdict.forPercent(totalPct);
        ComparisonRow total = new ComparisonRow(null, actualTotal, calcTotal.get(), totalPct, totalVerdict,
                Advice.forTotal(totalPct, pass, tolerancePct));
        return Optional.of(new ComparisonResult(rows, total, tolerancePct, pass));
    }

    static ComparisonRow row(MemoryComponent component, long actual, long calculated) {
        Double pct = percentDiff(actual, calculated);
        Verdict verdict = Verdict.forPercent(pct);
        return new ComparisonRow(component, actual, calculated, pct, verdict, Advice.forRow(component, pct, verdict));
    }

    /** (actual − calculated) / calculated × 100; 0 when both are 0; null when only the calculated is 0. */
    static Double percentDiff(long actual, long calculated) {
        if (calculated == 0) {
            return actual == 0 ? 0.0 : null;
        }
        return (actual - calculated) * 100.0 / calculated;
    }
}
