package dev.memlens.core.compare;

import dev.memlens.core.report.MemoryComponent;

/**
 * One line of the comparison. {@code percentDiff} is (actual − calculated) / calculated × 100 as in the original,
 * null when the calculator said 0 but something was measured. {@code component} is null for the total row.
 */
public record ComparisonRow(MemoryComponent component, long actualBytes, long calculatedBytes, Double percentDiff,
                            Verdict verdict, String advice) {

    public long diffBytes() {
        return actualBytes - calculatedBytes;
    }

    public String label() {
        return component == null ? "Total" : component.displayName();
    }

    public boolean isTotal() {
        return component == null;
    }
}
