package dev.memlens.core.report.library;

/**
 * What the history list says of a saved run: the comparison's total verdict (the same words as every other view),
 * or how the run ended when it did not complete (a verdict against a half-measured run would mislead).
 */
public enum RunVerdict {
    PASS("✓ pass"), FAIL("✗ fail"),
    /** The run has no calculator values (or not enough for a total), or its measured total is unknown. */
    NONE("—"),
    RUN_FAILED("failed"), CANCELLED("cancelled"), INTERRUPTED("interrupted");

    private final String label;

    RunVerdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
