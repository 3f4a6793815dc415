package dev.memlens.core.units;

/**
 * Memory is long bytes inside MemLens; these helpers convert at the edges.
 * GB is decimal (1e9, what the llm-sizer calculator and the original scripts use), GiB is binary (2^30),
 * MiB is what nvidia-smi reports.
 */
public final class Bytes {
    public static final long KIB = 1024L;
    public static final long MIB = 1024L * 1024L;
    public static final long GIB = 1024L * 1024L * 1024L;
    public static final double GB = 1e9;

    private Bytes() {
    }

    public static long fromGb(double gb) {
        return Math.round(gb * GB);
    }

    public static long fromGib(double gib) {
        return Math.round(gib * GIB);
    }

    public static long fromMib(double mib) {
        return Math.round(mib * MIB);
    }

    public static double toGb(long bytes) {
        return bytes / GB;
    }

    public static double toGib(long bytes) {
        return bytes / (double) GIB;
    }

    public static double toMib(long bytes) {
        return bytes / (double) MIB;
    }

    /** Formats with the unit's label, e.g. "14.96 GiB". */
    public static String format(long bytes, MemoryUnit unit) {
        return Format.size(bytes, unit);
    }
}
