package dev.memlens.core.compare;

import dev.memlens.core.report.HumanNames;
import dev.memlens.core.report.FigureKind;
import dev.memlens.core.report.MemoryComponent;

/**
 * One line of the comparison. {@code actualBytes} is null when the measured side is unknown: then there is no
 * percentage and no verdict. {@code percentDiff} is (actual − calculated) / calculated × 100 from exact bytes, null
 * also when the calculator said 0 but something was measured. {@code component} is null for the total row.
 */
public record ComparisonRow(MemoryComponent component, Long actualBytes, long calculatedBytes, Double percentDiff,
                            Verdict verdict, String advice, FigureKind actualKind, String actualSource) {

    public Long diffBytes() {
        return actualBytes == null ? null : actualBytes - calculatedBytes;
    }

    public String label() {
        return component == null ? HumanNames.TOTAL : component.displayName();
    }

    public boolean isTotal() {
        return component == null;
    }

    /** The verdict's words, the same in every view: "✓ ok", "⚠ warn", "✗ bad"; the total "✓ pass", "✗ fail"; "—". */
    public String verdictLabel() {
        if (verdict == null) {
            return "—";
        }
        if (isTotal()) {
            return verdict == Verdict.OK ? "✓ pass" : "✗ fail";
        }
        return verdict.symbol() + " " + verdict.tag();
    }

    /** The verdict's tag for JSON and style classes ("ok", "warn", "bad"; the total "pass", "fail"), or null. */
    public String verdictTag() {
        if (verdict == null) {
            return null;
        }
        return isTotal() ? (verdict == Verdict.OK ? "pass" : "fail") : verdict.tag();
    }
}
