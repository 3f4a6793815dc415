package dev.memlens.core.units;

import java.util.Locale;

/** The two display units of the UI and the CLI. */
public enum MemoryUnit {
    GB("GB", Bytes.GB),
    GIB("GiB", Bytes.GIB);

    private final String label;
    private final double bytesPerUnit;

    MemoryUnit(String label, double bytesPerUnit) {
        this.label = label;
        this.bytesPerUnit = bytesPerUnit;
    }

    public String label() {
        return label;
    }

    public double fromBytes(long bytes) {
        return bytes / bytesPerUnit;
    }

    public long toBytes(double value) {
        return Math.round(value * bytesPerUnit);
    }

    /** Parses "gb" or "gib" (any case), as given to {@code --unit}. */
    public static MemoryUnit parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("gb")) {
            return GB;
        }
        if (t.equals("gib")) {
            return GIB;
        }
        throw new IllegalArgumentException("unknown unit '" + text + "': use gb (1e9 bytes) or gib (2^30 bytes)");
    }
}
