package dev.memlens.core.compare;

import java.util.List;

/**
 * The whole comparison: a row per component the calculator gave, the total row, and whether the total is within
 * the tolerance (the README's promise is ±10 %).
 */
public record ComparisonResult(List<ComparisonRow> rows, ComparisonRow total, double tolerancePct, boolean pass) {
    public ComparisonResult {
        rows = List.copyOf(rows);
    }
}
