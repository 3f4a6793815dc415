package dev.memlens.core.estimate;

/** Overflow-checked products of sizes: an ArithmeticException instead of a wrapped, negative byte count. */
final class Exact {
    private Exact() {
    }

    static long mul(long... factors) {
        long p = 1;
        for (long f : factors) {
            p = Math.multiplyExact(p, f);
        }
        return p;
    }
}
