package dev.memlens.core.report.library;

import dev.memlens.core.compare.MemoryComparison;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.json.ReportDocument;
import dev.memlens.core.report.json.ReportWriter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Saves a report with its comparison against its own calculator values: the writer only writes, the one comparison
 * function judges, and this is where the two meet for every save (run library, session output, app, recovery).
 */
public final class ReportFiles {
    private ReportFiles() {
    }

    public static void save(ProfileReport report, Path file) throws IOException {
        ReportWriter.write(report, MemoryComparison.of(report).orElse(null), file);
    }

    /** Saves a report that was read from a file, keeping the fields MemLens does not model. */
    public static void save(ReportDocument document, Path file) throws IOException {
        ReportWriter.write(document, MemoryComparison.of(document.report()).orElse(null), file);
    }
}
