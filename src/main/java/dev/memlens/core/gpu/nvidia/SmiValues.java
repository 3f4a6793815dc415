package dev.memlens.core.gpu.nvidia;

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

    /**
     * A memory cell as bytes: a bare number is the tool's MiB (nvidia-smi memory.* with nounits); a unit may be B,
     * KiB/KB, MiB/MB, GiB/GB or TiB/TB, all binary as the tools print them (amd-smi's "MB" is MiB). Null when absent
     * ("[N/A]"...).
     *
     * @throws IllegalArgumentException for a number with a unit that is not a memory unit, so that a misread cell is
     *                                  never taken for an absent one
     */
    public static Long memoryBytes(String cell) {
        Double value = number(cell);
        if (value == null) {
            return null;
        }
        long unitBytes = switch (unitOf(cell)) {
            case "", "mib", "mb" -> 1L << 20;
            case "b" -> 1L;
            case "kib", "kb" -> 1L << 10;
            case "gib", "gb" -> 1L << 30;
            case "tib", "tb" -> 1L << 40;
            default -> throw new IllegalArgumentException("memory cell \"" + cell.strip()
                    + "\" has a unit that is not B, KiB, MiB, GiB or TiB");
        };
        double bytes = value * unitBytes;
        if (bytes < 0 || bytes >= Long.MAX_VALUE) {
            throw new IllegalArgumentException("memory cell \"" + cell.strip() + "\" is not a size a GPU can have");
        }
        return Math.round(bytes);
    }

    /** As {@link #memoryBytes}, but a cell in an unknown unit is absent (for readers that report absence). */
    public static Long mibToBytes(String cell) {
        try {
            return memoryBytes(cell);
        } catch (IllegalArgumentException e) {
            return null;
        }
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
