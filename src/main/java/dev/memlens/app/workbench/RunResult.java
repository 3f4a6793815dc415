package dev.memlens.app.workbench;

import dev.memlens.core.report.RunStatus;
import dev.memlens.core.run.SessionOutcome;

/**
 * How a run ended: the session's outcome (the report and where it was saved) and the built-in estimate made for
 * it (null when the model's architecture was unknown), or the error that kept the session from running at all.
 */
public record RunResult(SessionOutcome outcome, EstimatedCalculator estimate, Throwable error) {
    public RunStatus status() {
        return outcome == null ? RunStatus.FAILED : outcome.report().status();
    }

    /** "Bench run completed · saved to /…/runs/x.json" and the like, for the notification and the status line. */
    public String summary(String modeTitle) {
        if (outcome == null) {
            return modeTitle + " run could not start: " + (error == null ? "unknown error" : error.getMessage());
        }
        String status = outcome.report().status().name().toLowerCase(java.util.Locale.ROOT);
        String where = outcome.savedTo() != null ? "saved to " + outcome.savedTo()
                : "not saved: " + outcome.saveProblem();
        return modeTitle + " run " + status + " · " + where;
    }
}
