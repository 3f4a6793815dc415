package dev.memlens.app.results;

/**
 * One comparison row as the table shows it, already in the display unit. {@code verdictSymbol} is the verdict's
 * words ("✓ ok", "⚠ warn", "✗ bad", the total "✓ pass"/"✗ fail", "—" without a verdict), {@code verdictTag} its style
 * ("ok", "warn", "bad", "none"), {@code kind} how the measured side was obtained (measured, derived, residual,
 * unknown), {@code source} where it came from.
 */
public record ComparisonRowItem(String component, String actual, String calculated, String diff, String percent,
                                String verdictSymbol, String verdictTag, String advice, String source, String kind) {
}
