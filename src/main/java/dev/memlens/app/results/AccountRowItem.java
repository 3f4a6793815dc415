package dev.memlens.app.results;

/**
 * One item of the memory account as the Results screen shows it, in the display unit: {@code value} is "—" when
 * unknown; {@code kind} is measured, derived, residual or unknown; {@code source} where the figure came from;
 * {@code inconsistent} marks a negative unattributed item (the parts exceed the whole).
 */
public record AccountRowItem(String component, String value, String kind, String source, String note,
                             boolean inconsistent, boolean total) {
}
