package dev.memlens.core.units;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * The one formatter of sizes and percentages for the CLI, the app and the HTML report: an unknown figure is "—",
 * never 0, and a value that rounds to zero carries no minus sign ("+0.0 %", not "-0.0 %").
 */
public final class Format {
    public static final String UNKNOWN = "—";

    private Format() {
    }

    /** "14.96 GiB", or "—" when unknown. */
    public static String size(Long bytes, MemoryUnit unit) {
        return bytes == null ? UNKNOWN : number(bytes, unit) + " " + unit.label();
    }

    /** "14.96" in the unit, or "—". */
    public static String number(Long bytes, MemoryUnit unit) {
        return bytes == null ? UNKNOWN : String.format(Locale.ROOT, "%.2f", round(unit.fromBytes(bytes), 2));
    }

    /** "+1.25" / "-0.40" in the unit, or "—". */
    public static String signedNumber(Long bytes, MemoryUnit unit) {
        return bytes == null ? UNKNOWN : String.format(Locale.ROOT, "%+.2f", round(unit.fromBytes(bytes), 2));
    }

    /** "+14.1 %", or "—" when there is no percentage. */
    public static String percent(Double pct) {
        return pct == null || pct.isNaN() ? UNKNOWN : String.format(Locale.ROOT, "%+.1f %%", round(pct, 1));
    }

    /** "±10 %" or "±7.5 %". */
    public static String tolerance(double pct) {
        return "±" + plain(pct) + " %";
    }

    /** 10 → "10", 7.5 → "7.5". */
    public static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** Half-even rounding to the shown digits, with a rounded zero made positive. */
    private static double round(double v, int digits) {
        if (Double.isInfinite(v) || Double.isNaN(v)) {
            return v;
        }
        double r = BigDecimal.valueOf(v).setScale(digits, RoundingMode.HALF_EVEN).doubleValue();
        return r == 0 ? 0.0 : r;
    }
}
