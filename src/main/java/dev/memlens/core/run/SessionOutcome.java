package dev.memlens.core.run;

import dev.memlens.core.report.ProfileReport;
import java.nio.file.Path;

/** The report of a finished session and where it was saved (null when saving failed: saveProblem says why). */
public record SessionOutcome(ProfileReport report, Path savedTo, String saveProblem) {
}
