package dev.memlens.core.report.library;

import dev.memlens.core.report.RunStatus;

/** Which runs the history shows by status; damaged files are shown under ALL and DAMAGED only. */
public enum StatusFilter {
    ALL("All runs"), COMPLETED("Completed"), FAILED("Failed"), CANCELLED("Cancelled"), INTERRUPTED("Interrupted"),
    DAMAGED("Damaged files");

    private final String label;

    StatusFilter(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean accepts(RunSummaryEntry e) {
        return switch (this) {
            case ALL -> true;
            case DAMAGED -> e.isDamaged();
            case COMPLETED -> e.status() == RunStatus.COMPLETED;
            case FAILED -> e.status() == RunStatus.FAILED;
            case CANCELLED -> e.status() == RunStatus.CANCELLED;
            case INTERRUPTED -> e.status() == RunStatus.INTERRUPTED;
        };
    }

    @Override
    public String toString() {
        return label;
    }
}
