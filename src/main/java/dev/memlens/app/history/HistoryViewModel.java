package dev.memlens.app.history;

import dev.memlens.app.task.BackgroundTask;
import dev.memlens.app.task.TaskExecutor;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.library.RunLibrary;
import dev.memlens.core.report.library.RunSummaryEntry;
import dev.memlens.core.report.library.StatusFilter;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The history of saved runs: the list (filtered by the search text and the status filter), the selection, and the
 * commands reopen, delete (to the library's trash), compare two and save. Reading and writing run through the
 * TaskExecutor; results come back to the properties on the FX thread.
 */
public final class HistoryViewModel {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final RunLibrary library;
    private final TaskExecutor executor;
    private final Consumer<ProfileReport> reopen;
    private final Consumer<String> status;
    private final BiConsumer<String, String> error;

    private final ObservableList<RunSummaryEntry> entries = FXCollections.observableArrayList();
    private final FilteredList<RunSummaryEntry> visible = new FilteredList<>(entries);
    private final StringProperty searchText = new SimpleStringProperty("");
    private final ObjectProperty<StatusFilter> statusFilter = new SimpleObjectProperty<>(StatusFilter.ALL);
    private final ObservableList<RunSummaryEntry> selected = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<RunOverlay> overlay = new ReadOnlyObjectWrapper<>();
    /** The app-wide display unit (bound to the main window's), for the peak column and the overlay charts. */
    private final ObjectProperty<dev.memlens.core.units.MemoryUnit> unit =
            new SimpleObjectProperty<>(this, "unit", dev.memlens.core.units.MemoryUnit.GIB);
    private final BooleanBinding canReopen = Bindings.createBooleanBinding(
            () -> selected.size() == 1 && !selected.get(0).isDamaged(), selected);
    private final BooleanBinding canDelete = Bindings.isEmpty(selected).not();
    private final BooleanBinding canCompare = Bindings.createBooleanBinding(
            () -> selected.size() == 2 && selected.stream().noneMatch(RunSummaryEntry::isDamaged), selected);

    /**
     * @param reopen called on the FX thread with a reopened run, to show it in the results view
     * @param status receives one-line progress and outcome messages for the status bar
     * @param error  receives (title, message) of a failure to show the user
     */
    public HistoryViewModel(RunLibrary library, TaskExecutor executor, Consumer<ProfileReport> reopen,
                            Consumer<String> status, BiConsumer<String, String> error) {
        this.library = library;
        this.executor = executor;
        this.reopen = reopen;
        this.status = status;
        this.error = error;
        searchText.addListener((o, a, b) -> applyFilter());
        statusFilter.addListener((o, a, b) -> applyFilter());
    }

    public ObjectProperty<dev.memlens.core.units.MemoryUnit> unitProperty() {
        return unit;
    }

    /** Every run in the folder, newest first. */
    public ObservableList<RunSummaryEntry> entries() {
        return entries;
    }

    /** The runs that pass the search text and the status filter: what the list shows. */
    public ObservableList<RunSummaryEntry> visibleEntries() {
        return visible;
    }

    public StringProperty searchTextProperty() {
        return searchText;
    }

    public ObjectProperty<StatusFilter> statusFilterProperty() {
        return statusFilter;
    }

    /** The view keeps this in step with the list's selection. */
    public ObservableList<RunSummaryEntry> selectedEntries() {
        return selected;
    }

    /** The two runs being compared, or null. */
    public ReadOnlyObjectProperty<RunOverlay> overlayProperty() {
        return overlay.getReadOnlyProperty();
    }

    public BooleanBinding canReopenProperty() {
        return canReopen;
    }

    public BooleanBinding canDeleteProperty() {
        return canDelete;
    }

    public BooleanBinding canCompareProperty() {
        return canCompare;
    }

    public Path directory() {
        return library.directory();
    }

    public void refresh() {
        executor.submit(BackgroundTask.of("List the saved runs", library::list)
                .onSuccess(this::show)
                .onFailure(e -> error.accept("Cannot list the saved runs", library.directory() + ": " + e.getMessage()
                        + "\nCheck that the folder exists and that you may read it.")));
    }

    /** Saves a report as a new run in the history and lists it. */
    public void save(ProfileReport report) {
        executor.submit(BackgroundTask.of("Save the run to the history", () -> {
                    Path file = library.save(report);
                    return new Saved(file, library.list());
                })
                .onSuccess(s -> {
                    show(s.entries);
                    status.accept("Saved to the history: " + s.file);
                })
                .onFailure(e -> error.accept("Cannot save the run to the history", library.directory() + ": "
                        + e.getMessage() + "\nCheck that the folder exists and that you may write to it.")));
    }

    private record Saved(Path file, List<RunSummaryEntry> entries) {
    }

    public void reopenSelected() {
        if (!canReopen.get()) {
            return;
        }
        RunSummaryEntry e = selected.get(0);
        status.accept("Opening " + e.path() + " …");
        executor.submit(BackgroundTask.of("Reopen " + e.id(), () -> library.open(e))
                .onSuccess(r -> {
                    reopen.accept(r);
                    status.accept("Reopened " + describe(e) + " from the history");
                })
                .onFailure(x -> error.accept("Cannot reopen the run", x.getMessage())));
    }

    /** Moves the selected runs to the history folder's .trash; the view asks for confirmation first. */
    public void deleteSelected() {
        List<RunSummaryEntry> doomed = List.copyOf(selected);
        if (doomed.isEmpty()) {
            return;
        }
        executor.submit(BackgroundTask.of("Delete " + doomed.size() + " run(s)", () -> {
                    for (RunSummaryEntry e : doomed) {
                        library.moveToTrash(e);
                    }
                    return library.list();
                })
                .onSuccess(list -> {
                    show(list);
                    status.accept((doomed.size() == 1 ? "Moved " + describe(doomed.get(0)) : "Moved " + doomed.size() + " runs")
                            + " to " + library.directory().resolve(RunLibrary.TRASH));
                })
                .onFailure(x -> {
                    refresh();
                    error.accept("Cannot delete the run", x.getMessage());
                }));
    }

    public void compareSelected() {
        if (!canCompare.get()) {
            return;
        }
        RunSummaryEntry a = selected.get(0);
        RunSummaryEntry b = selected.get(1);
        executor.submit(BackgroundTask.of("Compare two runs", () -> new RunOverlay(library.open(a), "A · " + describe(a),
                        library.open(b), "B · " + describe(b)))
                .onSuccess(o -> {
                    overlay.set(o);
                    status.accept("Comparing " + describe(a) + " with " + describe(b));
                })
                .onFailure(x -> error.accept("Cannot compare the runs", x.getMessage())));
    }

    public void closeOverlay() {
        overlay.set(null);
    }

    /** "Llama-2-7B 2025-01-14 09:30": how messages and the overlay name a run. */
    public static String describe(RunSummaryEntry e) {
        if (e.isDamaged()) {
            return e.id();
        }
        return e.model() + (e.startedAt() == null ? "" : " " + DATE.format(e.startedAt().atZone(ZoneId.systemDefault())));
    }

    private void show(List<RunSummaryEntry> list) {
        List<String> keep = selected.stream().map(RunSummaryEntry::id).toList();
        entries.setAll(list);
        selected.setAll(list.stream().filter(e -> keep.contains(e.id())).toList());
        applyFilter();
    }

    private void applyFilter() {
        String text = searchText.get();
        StatusFilter filter = statusFilter.get() == null ? StatusFilter.ALL : statusFilter.get();
        visible.setPredicate(e -> filter.accepts(e) && e.matches(text));
        selected.retainAll(visible);
    }
}
