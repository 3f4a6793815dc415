package dev.memlens.core.gpu.trace;

/**
 * A memory cell of an nvidia-smi CSV trace ("81559 MiB", "81559", "12 KiB", "1.5 GiB", "[N/A]") as exact bytes,
 * parsed from the line's bytes. Binary (B, KiB, MiB, GiB, TiB) and decimal (kB, KB, MB, GB, TB) units are known; a
 * cell without a unit is in the header's unit, MiB by default. A negative size, an unknown unit or a size past a
 * long is an error (message without the file and line, which the caller adds), never a clamped value.
 */
final class SmiMemoryCell {
    /** The value of an absent cell ([N/A], [Not Supported], N/A, empty). */
    static final long ABSENT = Long.MIN_VALUE;

    private SmiMemoryCell() {
    }

    /** Bytes per unit for a unit spelled in b[from, to); 0 for an unknown unit. */
    static long unitBytes(byte[] b, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return 0;
        }
        if (n == 1 && (b[from] == 'B' || b[from] == 'b')) {
            return 1;
        }
        char first = Character.toUpperCase((char) b[from]);
        long scale = switch (first) {
            case 'K' -> 1;
            case 'M' -> 2;
            case 'G' -> 3;
            case 'T' -> 4;
            default -> -1;
        };
        if (scale < 0) {
            return 0;
        }
        if (n == 3 && (b[from + 1] == 'i' || b[from + 1] == 'I') && (b[from + 2] == 'B' || b[from + 2] == 'b')) {
            return 1L << (10 * scale);
        }
        if (n == 2 && (b[from + 1] == 'B' || b[from + 1] == 'b')) {
            long v = 1;
            for (int i = 0; i < scale; i++) {
                v *= 1000;
            }
            return v;
        }
        return 0;
    }

    /**
     * Bytes of the cell b[from, to) (already trimmed), {@link #ABSENT} for a "not available" spelling.
     *
     * @param defaultUnitBytes bytes per unit when the cell has none (the header's unit)
     * @throws IllegalArgumentException with the reason when the cell is not a size
     */
    static long parse(byte[] b, int from, int to, long defaultUnitBytes) {
        if (from == to || b[from] == '[' || (to - from == 3 && b[from] == 'N' && b[from + 1] == '/' && b[from + 2] == 'A')) {
            return ABSENT;
        }
        int i = from;
        if (b[i] == '-') {
            throw new IllegalArgumentException("a memory size cannot be negative");
        }
        long whole = 0;
        int digits = 0;
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            if (whole > (Long.MAX_VALUE - 9) / 10) {
                throw new IllegalArgumentException("the size is too large for MemLens");
            }
            whole = whole * 10 + (b[i] - '0');
            digits++;
            i++;
        }
        long fraction = 0;
        long fractionScale = 1;
        if (i < to && b[i] == '.') {
            i++;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                if (fractionScale < 1_000_000_000_000L) {
                    fraction = fraction * 10 + (b[i] - '0');
                    fractionScale *= 10;
                }
                digits++;
                i++;
            }
        }
        if (digits == 0) {
            throw new IllegalArgumentException("not a number");
        }
        while (i < to && b[i] == ' ') {
            i++;
        }
        long unit = i == to ? defaultUnitBytes : unitBytes(b, i, to);
        if (unit == 0) {
            throw new IllegalArgumentException("unknown unit '" + new String(b, i, to - i,
                    java.nio.charset.StandardCharsets.UTF_8) + "' (MemLens reads B, KiB, MiB, GiB, TiB, kB, MB, GB, TB)");
        }
        if (whole > Long.MAX_VALUE / unit) {
            throw new IllegalArgumentException("the size is too large for MemLens");
        }
        long bytes = whole * unit;
        if (fraction != 0) {
            bytes += Math.round((double) fraction / fractionScale * unit);
            if (bytes < 0) {
                throw new IllegalArgumentException("the size is too large for MemLens");
            }
        }
        return bytes;
    }
}
