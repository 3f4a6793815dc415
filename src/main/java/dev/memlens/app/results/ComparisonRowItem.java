package dev.memlens.app.results;

/** One comparison row as the table shows it, already in the display unit. */
public record ComparisonRowItem(String component, String actual, String calculated, String diff, String percent,
                                String verdictSymbol, String verdictTag, String advice, String source) {
}
