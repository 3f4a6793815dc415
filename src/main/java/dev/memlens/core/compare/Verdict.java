package dev.memlens.core.compare;

/**
 * The per-row verdict of the original compare-estimates.py: under 15 % ✓, under 30 % ⚠, otherwise ✗. The same
 * boundary applies to the table and the analysis (the original disagreed at exactly 15.0 %). The total row is judged
 * on the tolerance instead: ✓ pass or ✗ fail, never ⚠.
 */
public enum Verdict {
    OK("ok", "✓"), WARN("warn", "⚠"), BAD("bad", "✗");

    public static final double OK_BELOW_PCT = 15.0;
    public static final double WARN_BELOW_PCT = 30.0;

    private final String tag;
    private final String symbol;

    Verdict(String tag, String symbol) {
        this.tag = tag;
        this.symbol = symbol;
    }

    public String tag() {
        return tag;
    }

    public String symbol() {
        return symbol;
    }

    /** A missing percentage (calculated 0 with actual above 0) is as far off as can be. */
    public static Verdict forPercent(Double percentDiff) {
        if (percentDiff == null || percentDiff.isNaN()) {
            return BAD;
        }
        double abs = Math.abs(percentDiff);
        if (abs < OK_BELOW_PCT) {
            return OK;
        }
        return abs < WARN_BELOW_PCT ? WARN : BAD;
    }
}
