package dev.memlens.core.report.library;

import dev.memlens.core.report.RunStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * One saved run as the history list shows it, without its timeline. A damaged entry (a file that could not be
 * read) has only its path and {@code damage}, the reason; every other field is null for it.
 *
 * @param id        the file name, unique within the library
 * @param peakBytes the summed per-GPU peak of used memory, null when the report has none
 * @param verdict   the comparison's verdict against the saved calculator values
 */
public record RunSummaryEntry(String id, Path path, String model, String mode, String gpuLabel, Instant startedAt,
                              Long peakBytes, RunVerdict verdict, RunStatus status, String damage) {

    static RunSummaryEntry damaged(Path path, String reason) {
        return new RunSummaryEntry(path.getFileName().toString(), path, null, null, null, null, null, RunVerdict.NONE,
                null, reason);
    }

    public boolean isDamaged() {
        return damage != null;
    }

    public boolean isInterrupted() {
        return status == RunStatus.INTERRUPTED;
    }

    /** Case-insensitive match of every word of {@code query} against model, GPU, mode and file name. */
    public boolean matches(String query) {
        if (query == null || query.isBlank()) {
            return true;
        }
        String haystack = String.join(" ", nonNull(model), nonNull(gpuLabel), nonNull(mode), id)
                .toLowerCase(Locale.ROOT);
        for (String word : query.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
            if (!haystack.contains(word)) {
                return false;
            }
        }
        return true;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
