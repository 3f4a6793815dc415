package dev.memlens.core.compare;

import java.util.List;

/**
 * The whole comparison: a row per component the calculator gave, the total row, and whether the total is within
 * the tolerance (the README's promise is ±10 %); {@code pass} is null when the measured total is unknown.
 */
public record ComparisonResult(List<ComparisonRow> rows, ComparisonRow total, double tolerancePct, Boolean pass) {
    public ComparisonResult {
        rows = List.copyOf(rows);
    }

    public boolean judged() {
        return pass != null;
    }

    public boolean passed() {
        return Boolean.TRUE.equals(pass);
    }
}
