package dev.memlens.core.report;

import java.util.Locale;

/** How a run ended; a failed, cancelled or interrupted run still has a report with what it measured. */
public enum RunStatus {
    COMPLETED, FAILED, CANCELLED,
    /** MemLens itself stopped during the run; recovered from the journal at the next start. */
    INTERRUPTED;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus fromTag(String tag) {
        return valueOf(tag.trim().toUpperCase(Locale.ROOT));
    }
}
