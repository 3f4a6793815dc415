package dev.memlens.core.compare;

import dev.memlens.core.report.AccountComponent;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.units.Format;
import dev.memlens.core.units.MemoryUnit;

/**
 * The words of the verdict, the same in the CLI summary, {@code compare}, the app and the HTML report: one owner so
 * that one report never reads ✗ in one place and ⚠ or "warn" in another.
 */
public final class ComparisonText {
    private ComparisonText() {
    }

    /** "✓ pass +3.2 %", "✗ fail −85.0 %", or "— no verdict" when the measured total is unknown. */
    public static String headline(ComparisonResult c) {
        if (!c.judged()) {
            return "— no verdict";
        }
        return c.total().verdictLabel() + " " + Format.percent(c.total().percentDiff());
    }

    /** "Within ±10 % of the calculated total: 12.00 GiB measured vs 11.50 GiB calculated." */
    public static String detail(ComparisonResult c, MemoryUnit unit) {
        ComparisonRow t = c.total();
        if (!c.judged()) {
            return "The measured total is unknown (the GPUs were not sampled): only the measured rows are judged.";
        }
        return (c.passed() ? "Within " : "Outside ") + Format.tolerance(c.tolerancePct()) + " of the calculated total: "
                + Format.size(t.actualBytes(), unit) + " measured vs " + Format.size(t.calculatedBytes(), unit)
                + " calculated.";
    }

    /** The style of the verdict: "pass", "fail" or "none". */
    public static String style(ComparisonResult c) {
        return c == null || !c.judged() ? "none" : c.passed() ? "pass" : "fail";
    }

    /**
     * The banner over a run that did not complete, or over an account whose parts exceed its whole; empty when
     * neither applies.
     */
    public static String banner(ProfileReport r) {
        StringBuilder b = new StringBuilder();
        if (r.endedEarly()) {
            b.append("This run ").append(r.status() == dev.memlens.core.report.RunStatus.INTERRUPTED ? "was interrupted"
                    : r.status().tag()).append(r.statusMessage() == null ? "" : ": " + r.statusMessage())
                    .append(". The account and the comparison show what was measured until then.");
        }
        if (r.account().isInconsistent()) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append("Inconsistent account: the parts exceed the measured total by ")
                    .append(Format.size(-r.account().bytes(AccountComponent.UNATTRIBUTED), MemoryUnit.GIB))
                    .append(" (unattributed is negative).");
        }
        return b.toString();
    }
}
