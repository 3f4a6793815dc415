package dev.memlens.app.workbench;

import java.net.URI;
import java.util.function.Function;

/** The rules form fields share; each returns the problem in words, or null when the text is fine. */
final class FieldRules {
    private FieldRules() {
    }

    static Function<String, String> required(String what) {
        return t -> t.isBlank() ? "give " + what : null;
    }

    static Function<String, String> integerAtLeast(long min, boolean optional) {
        return t -> {
            if (t.isBlank()) {
                return optional ? null : "give a whole number";
            }
            try {
                long v = Long.parseLong(t.trim());
                return v < min ? "'" + t.trim() + "' must be " + min + " or more" : null;
            } catch (NumberFormatException e) {
                return "'" + t.trim() + "' is not a whole number";
            }
        };
    }

    /** A whole number from {@code min} to {@code max}, both included. */
    static Function<String, String> integerBetween(long min, long max) {
        Function<String, String> atLeast = integerAtLeast(min, false);
        return t -> {
            String problem = atLeast.apply(t);
            return problem != null || Long.parseLong(t.trim()) <= max ? problem
                    : "'" + t.trim() + "' must be " + max + " or less";
        };
    }

    static Function<String, String> fraction(boolean optional) {
        return t -> {
            if (t.isBlank()) {
                return optional ? null : "give a fraction between 0 and 1";
            }
            try {
                double v = Double.parseDouble(t.trim());
                return v > 0 && v <= 1 ? null : "'" + t.trim() + "' must be above 0 and at most 1 (0.9 is 90 %)";
            } catch (NumberFormatException e) {
                return "'" + t.trim() + "' is not a number (0.9 is 90 %)";
            }
        };
    }

    static Function<String, String> httpUrl() {
        return t -> {
            if (t.isBlank()) {
                return "give the server's URL, e.g. http://localhost:8000";
            }
            try {
                URI u = URI.create(t.trim());
                if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                    return "'" + t.trim() + "' is not an http:// or https:// URL";
                }
                return null;
            } catch (IllegalArgumentException e) {
                return "'" + t.trim() + "' is not a URL";
            }
        };
    }

    static Function<String, String> envVarName() {
        return t -> t.isBlank() || t.trim().matches("[A-Za-z_][A-Za-z0-9_]*") ? null
                : "'" + t.trim() + "' is not an environment variable name (letters, digits, _)";
    }

    static Function<String, String> arguments() {
        return t -> {
            try {
                ArgumentSplitter.split(t);
                return null;
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        };
    }

    static int intValue(String t) {
        return Integer.parseInt(t.trim());
    }

    static Integer optionalInt(String t) {
        return t == null || t.isBlank() ? null : Integer.valueOf(t.trim());
    }

    static Double optionalDouble(String t) {
        return t == null || t.isBlank() ? null : Double.valueOf(t.trim());
    }

    static String optionalText(String t) {
        return t == null || t.isBlank() ? null : t.trim();
    }
}
