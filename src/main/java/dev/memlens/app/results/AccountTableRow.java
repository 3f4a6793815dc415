package dev.memlens.app.results;

/**
 * One row of the Results table, in the display unit: a calculator component with what was measured for it (its
 * kind and source), or, indented under framework overhead, one of the account items overhead is made of; then the
 * total. The calculator columns ({@code calculated}, {@code diff}, {@code percent}, {@code verdictSymbol}) are empty
 * until the user types, and fill in as they do; "—" is unknown.
 */
public record AccountTableRow(String component, String measured, String kind, String source, String calculated,
                              String diff, String percent, String verdictSymbol, String verdictTag, String advice,
                              boolean part, boolean total) {
}
