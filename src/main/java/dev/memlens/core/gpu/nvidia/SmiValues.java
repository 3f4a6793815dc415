package dev.memlens.core.gpu.nvidia;

import dev.memlens.core.units.Bytes;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cell values of nvidia-smi (and the other tools): a number with an optional unit, or one of the many "not
 * available" spellings ("[N/A]", "N/A", "[Not Supported]", "[Unknown Error]", "[Insufficient Permissions]", empty...),
 * which all mean absent: anything that is not a number after stripping a unit is absent.
 */
public final class SmiValues {
    private static final Pattern NUMBER_WITH_UNIT =
            Pattern.compile("^\\s*(-?\\d+(?:\\.\\d+)?)\\s*([A-Za-z%]*)\\s*$");

    private SmiValues() {
    }

    /** The number in a cell such as "81559 MiB", "100 %", "631.95 W", "37"; null when absent. */
    public static Double number(String cell) {
        if (cell == null) {
            return null;
        }
        Matcher m = NUMBER_WITH_UNIT.matcher(cell);
        return m.matches() ? Double.valueOf(m.group(1)) : null;
    }

    /** A memory cell in the tool's MiB (nvidia-smi memory.*, amd-smi "MB") as bytes; null when absent. */
    public static Long mibToBytes(String cell) {
        Double mib = number(cell);
        if (mib == null) {
            return null;
        }
        String unit = unitOf(cell);
        if (!unit.isEmpty() && !unit.equals("mib") && !unit.equals("mb")) {
            return unit.equals("gib") ? Math.round(mib * Bytes.GIB) : unit.equals("b") ? Math.round(mib) : null;
        }
        return Bytes.fromMib(mib);
    }

    public static Integer percent(String cell) {
        Double value = number(cell);
        return value == null ? null : (int) Math.round(value);
    }

    public static Integer integer(String cell) {
        Double value = number(cell);
        return value == null || value != Math.rint(value) ? null : value.intValue();
    }

    /** Text cells: trimmed, or null when it is one of the "not available" spellings or empty. */
    public static String text(String cell) {
        if (cell == null) {
            return null;
        }
        String t = cell.trim();
        if (t.isEmpty() || t.equals("N/A") || (t.startsWith("[") && t.endsWith("]"))) {
            return null;
        }
        return t;
    }

    private static String unitOf(String cell) {
        Matcher m = NUMBER_WITH_UNIT.matcher(cell);
        return m.matches() ? m.group(2).toLowerCase(Locale.ROOT) : "";
    }
}
