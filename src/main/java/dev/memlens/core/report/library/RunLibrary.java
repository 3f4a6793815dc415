package dev.memlens.core.report.library;

import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.ReportFormatException;
import dev.memlens.core.report.json.ReportReader;
import dev.memlens.core.report.json.ReportDocument;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The folder of saved runs ({@code $XDG_DATA_HOME/memlens/runs}): one JSON report per run, named from its start
 * time, model and mode. Listing reads summaries only and remembers them per file (size and modification time), so
 * refreshing the history re-reads only new or changed files. Deleted runs go to {@code .trash} unless deleted for
 * good. Safe to call from several threads.
 */
public final class RunLibrary {
    public static final String TRASH = ".trash";
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final int MAX_SLUG = 60;

    private final Path dir;
    private final Map<Path, Cached> summaries = new ConcurrentHashMap<>();

    private record Cached(FileTime modified, long size, RunSummaryEntry entry) {
    }

    public RunLibrary(Path dir) {
        this.dir = Objects.requireNonNull(dir);
    }

    public Path directory() {
        return dir;
    }

    /** Saves the report as a new run and returns its file; never overwrites an existing run. */
    public Path save(ProfileReport report) throws IOException {
        Files.createDirectories(dir);
        String stem = fileStem(report);
        Path file = dir.resolve(stem + ".json");
        for (int n = 2; Files.exists(file); n++) {
            file = dir.resolve(stem + "-" + n + ".json");
        }
        ReportFiles.save(report, file);
        return file;
    }

    /** Overwrites a saved run with a new version of its report (e.g. with calculator values added). */
    public void update(RunSummaryEntry entry, ProfileReport report) throws IOException {
        ReportDocument saved;
        try {
            saved = ReportReader.readDocument(entry.path());
        } catch (ReportFormatException e) {
            saved = new ReportDocument(report, null); // the old file is damaged: nothing of it to keep
        }
        ReportFiles.save(saved.with(report), entry.path());
    }

    /** {@code 20250114-093012Z-llama-2-7b-bench}: UTC start time (now when unknown), model, mode. */
    static String fileStem(ProfileReport r) {
        Instant started = r.startedAt() == null ? Instant.now() : r.startedAt();
        String model = slug(r.model().name());
        String mode = slug(r.mode() == null ? "run" : r.mode().tag());
        return FILE_TIME.format(started) + "Z-" + (model.isEmpty() ? "model" : model) + "-" + (mode.isEmpty() ? "run" : mode);
    }

    private static String slug(String text) {
        String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("^[-.]+|[-.]+$", "");
        return s.length() > MAX_SLUG ? s.substring(0, MAX_SLUG).replaceAll("[-.]+$", "") : s;
    }

    /** Every run, newest first; files that cannot be read are listed as damaged entries with the reason. */
    public List<RunSummaryEntry> list() throws IOException {
        if (!Files.isDirectory(dir)) {
            summaries.clear();
            return List.of();
        }
        List<RunSummaryEntry> result = new ArrayList<>();
        List<Path> seen = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                if (Files.isRegularFile(file)) {
                    seen.add(file);
                    result.add(summary(file));
                }
            }
        }
        summaries.keySet().retainAll(seen);
        result.sort(NEWEST_FIRST);
        return result;
    }

    /** The runs whose model, GPU, mode or file name contain every word of {@code text}, passing the status filter. */
    public List<RunSummaryEntry> search(String text, StatusFilter filter) throws IOException {
        return filter(list(), text, filter);
    }

    public static List<RunSummaryEntry> filter(List<RunSummaryEntry> entries, String text, StatusFilter filter) {
        StatusFilter f = filter == null ? StatusFilter.ALL : filter;
        return entries.stream().filter(e -> f.accepts(e) && e.matches(text)).toList();
    }

    private static final Comparator<RunSummaryEntry> NEWEST_FIRST = Comparator
            .comparing(RunSummaryEntry::startedAt, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(RunSummaryEntry::id);

    private RunSummaryEntry summary(Path file) {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            Cached cached = summaries.get(file);
            if (cached != null && cached.modified.equals(modified) && cached.size == size) {
                return cached.entry;
            }
            RunSummaryEntry entry;
            try {
                entry = RunSummaryReader.read(file);
            } catch (ReportFormatException | RuntimeException e) {
                entry = RunSummaryEntry.damaged(file, String.valueOf(e.getMessage()));
            }
            summaries.put(file, new Cached(modified, size, entry));
            return entry;
        } catch (IOException e) {
            return RunSummaryEntry.damaged(file, file + ": cannot read the file (" + e.getMessage() + ").");
        }
    }

    /** The whole report of a run, timeline included. */
    public ProfileReport open(RunSummaryEntry entry) throws ReportFormatException {
        if (entry.isDamaged()) {
            throw new ReportFormatException(entry.damage());
        }
        return ReportReader.read(entry.path());
    }

    /** Moves the run into {@code .trash} (replacing an older file of the same name there) and returns where it went. */
    public Path moveToTrash(RunSummaryEntry entry) throws IOException {
        Path trash = dir.resolve(TRASH);
        Files.createDirectories(trash);
        Path target = trash.resolve(entry.path().getFileName());
        try {
            Files.move(entry.path(), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(entry.path() + ": the run is no longer in the history folder."
                    + " Refresh the history.");
        }
        summaries.remove(entry.path());
        return target;
    }

    /** Deletes the run for good; the UI asks for confirmation first. */
    public void deletePermanently(RunSummaryEntry entry) throws IOException {
        Files.deleteIfExists(entry.path());
        summaries.remove(entry.path());
    }
}
