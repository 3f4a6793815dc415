package dev.memlens.app.results;

import dev.memlens.core.units.MemoryUnit;
import java.util.Locale;

/** Parses what the user typed into a calculator field: empty means "not given". */
final class CalculatorInput {
    private CalculatorInput() {
    }

    /** @return null when the text is a valid size or empty, else the problem in words */
    static String problem(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            double v = Double.parseDouble(text.trim().replace(',', '.'));
            if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) {
                return "'" + text.trim() + "' must be 0 or more";
            }
            return null;
        } catch (NumberFormatException e) {
            return "'" + text.trim() + "' is not a number";
        }
    }

    /** @return bytes, or null for an empty or invalid field */
    static Long bytes(String text, MemoryUnit unit) {
        if (text == null || text.isBlank() || problem(text) != null) {
            return null;
        }
        return unit.toBytes(Double.parseDouble(text.trim().replace(',', '.')));
    }

    static String format(long bytes, MemoryUnit unit) {
        return String.format(Locale.ROOT, "%.2f", unit.fromBytes(bytes));
    }
}
