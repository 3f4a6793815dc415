package dev.memlens.core.report.library;

/** Whether a saved run's measured total was within the tolerance of its calculator values. */
public enum RunVerdict {
    PASS("✓ pass"), FAIL("✗ fail"),
    /** The run has no calculator values (or not enough for a total). */
    NONE("—");

    private final String label;

    RunVerdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
