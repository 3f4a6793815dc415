package dev.memlens.core.report.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memlens.core.report.ReportFormatException;

/**
 * Typed access to optional JSON fields that turns a wrong type into an error naming the file and the field path.
 * Absent and JSON null read as null.
 */
final class JsonFields {
    private final String file;

    JsonFields(String file) {
        this.file = file;
    }

    ReportFormatException error(String path, String problem) {
        return new ReportFormatException(file + ": field '" + path + "': " + problem);
    }

    private ReportFormatException wrongType(String path, String expected, JsonNode found) {
        return error(path, "expected " + expected + ", found " + describe(found)
                + ". Correct the value in the file or re-export the report.");
    }

    static String describe(JsonNode n) {
        if (n.isTextual()) {
            return "the text \"" + n.asText() + "\"";
        }
        if (n.isObject()) {
            return "an object";
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isBoolean()) {
            return "a boolean";
        }
        return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static JsonNode child(JsonNode parent, String key) {
        if (parent == null) {
            return null;
        }
        JsonNode n = parent.get(key);
        return n == null || n.isNull() ? null : n;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    JsonNode object(JsonNode parent, String path, String key) throws ReportFormatException {
        JsonNode n = child(parent, key);
        if (n != null && !n.isObject()) {
            throw wrongType(join(path, key), "an object", n);
        }
        return n;
    }

    JsonNode array(JsonNode parent, String path, String key) throws ReportFormatException {
        JsonNode n = child(parent, key);
        if (n != null && !n.isArray()) {
            throw wrongType(join(path, key), "a list", n);
        }
        return n;
    }

    Double number(JsonNode parent, String path, String key) throws ReportFormatException {
        JsonNode n = child(parent, key);
        if (n == null) {
            return null;
        }
        if (!n.isNumber()) {
            throw wrongType(join(path, key), "a number", n);
        }
        if (!Double.isFinite(n.doubleValue())) {
            throw error(join(path, key), "the number " + n.asText() + " is too large: correct the value in the file");
        }
        return n.doubleValue();
    }

    Long wholeNumber(JsonNode parent, String path, String key) throws ReportFormatException {
        JsonNode n = child(parent, key);
        if (n == null) {
            return null;
        }
        if (n.isIntegralNumber() && !n.canConvertToLong()
                || n.isNumber() && !n.isIntegralNumber() && !(Math.abs(n.doubleValue()) < LONG_LIMIT)) {
            throw error(join(path, key), "the number " + n.asText() + " is too large for MemLens (at most "
                    + Long.MAX_VALUE + "): correct the value in the file");
        }
        if (n.isIntegralNumber() || (n.isNumber() && n.doubleValue() == Math.rint(n.doubleValue()))) {
            return n.longValue();
        }
        throw wrongType(join(path, key), "a whole number", n);
    }

    Integer integer(JsonNode parent, String path, String key) throws ReportFormatException {
        Long v = wholeNumber(parent, path, key);
        if (v == null) {
            return null;
        }
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw error(join(path, key), "the number " + v + " is out of range");
        }
        return v.intValue();
    }

    /** Text; numbers and booleans are accepted as their text (the scripts were loose about it). */
    String text(JsonNode parent, String path, String key) throws ReportFormatException {
        JsonNode n = child(parent, key);
        if (n == null) {
            return null;
        }
        if (n.isValueNode()) {
            return n.asText();
        }
        throw wrongType(join(path, key), "text", n);
    }

    Boolean bool(JsonNode parent, String path, String key) throws ReportFormatException {
        JsonNode n = child(parent, key);
        if (n == null) {
            return null;
        }
        if (!n.isBoolean()) {
            throw wrongType(join(path, key), "true or false", n);
        }
        return n.booleanValue();
    }

    /**
     * A memory size in bytes from {@code <stem>_bytes}, else from {@code <stem>_gb} (decimal GB); a negative size or
     * one past a long's range is an error, never clamped.
     */
    Long bytes(JsonNode parent, String path, String stem) throws ReportFormatException {
        Long exact = wholeNumber(parent, path, stem + "_bytes");
        if (exact != null) {
            if (exact < 0) {
                throw error(join(path, stem + "_bytes"), "a memory size cannot be negative, found " + exact
                        + ": correct the value in the file");
            }
            return exact;
        }
        Double gb = number(parent, path, stem + "_gb");
        if (gb == null) {
            return null;
        }
        if (!(gb >= 0) || !(gb * 1e9 < LONG_LIMIT)) {
            throw error(join(path, stem + "_gb"), "a memory size must be from 0 to " + (long) (LONG_LIMIT / 1e9)
                    + " GB, found " + parent.get(stem + "_gb").asText() + ": correct the value in the file");
        }
        return Math.round(gb * 1e9);
    }

    /** A signed byte figure (a difference, e.g. budget vs measured) from {@code <stem>_bytes} or {@code <stem>_gb}. */
    Long signedBytes(JsonNode parent, String path, String stem) throws ReportFormatException {
        Long exact = wholeNumber(parent, path, stem + "_bytes");
        if (exact != null) {
            return exact;
        }
        Double gb = number(parent, path, stem + "_gb");
        if (gb != null && !(Math.abs(gb * 1e9) < LONG_LIMIT)) {
            throw error(join(path, stem + "_gb"), "the figure " + parent.get(stem + "_gb").asText()
                    + " GB does not fit 64 bits: correct the value in the file");
        }
        return gb == null ? null : Math.round(gb * 1e9);
    }

    /** 2^63 as a double: doubles at or above it do not fit a long. */
    private static final double LONG_LIMIT = 0x1p63;
}
