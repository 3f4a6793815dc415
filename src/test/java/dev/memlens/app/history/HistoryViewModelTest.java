package dev.memlens.app.history;

import static dev.memlens.core.report.library.SavedRuns.GIB;
import static dev.memlens.core.report.library.SavedRuns.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.app.task.SameThreadTaskExecutor;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunStatus;
import dev.memlens.core.report.library.RunLibrary;
import dev.memlens.core.report.library.RunSummaryEntry;
import dev.memlens.core.report.library.StatusFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without the toolkit: properties, filtered list and commands on a same-thread executor. */
class HistoryViewModelTest {
    private static final Instant T = Instant.parse("2025-03-10T09:15:00Z");
    @TempDir
    Path dir;
    private RunLibrary library;
    private HistoryViewModel vm;
    private final List<ProfileReport> reopened = new ArrayList<>();
    private final List<String> statuses = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        library = new RunLibrary(dir);
        library.save(run("Llama-2-7B", "bench", T, RunStatus.COMPLETED, 19 * GIB));
        library.save(run("Qwen2-7B", "api", T.plusSeconds(60), RunStatus.INTERRUPTED, null));
        library.save(run("Llama-2-13B", "hf", T.plusSeconds(120), RunStatus.CANCELLED, 10 * GIB));
        vm = new HistoryViewModel(library, new SameThreadTaskExecutor(), reopened::add, statuses::add,
                (title, message) -> errors.add(title + ": " + message));
        vm.refresh();
    }

    private List<String> visibleModels() {
        return vm.visibleEntries().stream().map(RunSummaryEntry::model).toList();
    }

    @Test
    void refreshListsEveryRunNewestFirst() {
        assertEquals(List.of("Llama-2-13B", "Qwen2-7B", "Llama-2-7B"), visibleModels());
        assertTrue(vm.entries().get(1).isInterrupted());
        assertTrue(errors.isEmpty());
    }

    @Test
    void searchTextAndStatusFilterNarrowTheListAndTheSelection() {
        vm.selectedEntries().setAll(vm.entries().get(0), vm.entries().get(1));
        vm.searchTextProperty().set("llama");
        assertEquals(List.of("Llama-2-13B", "Llama-2-7B"), visibleModels());
        assertEquals(1, vm.selectedEntries().size(), "a hidden run is no longer selected");
        vm.statusFilterProperty().set(StatusFilter.CANCELLED);
        assertEquals(List.of("Llama-2-13B"), visibleModels());
        vm.searchTextProperty().set("");
        vm.statusFilterProperty().set(StatusFilter.INTERRUPTED);
        assertEquals(List.of("Qwen2-7B"), visibleModels());
    }

    @Test
    void commandsAreEnabledByTheSelection() {
        assertFalse(vm.canReopenProperty().get());
        assertFalse(vm.canDeleteProperty().get());
        assertFalse(vm.canCompareProperty().get());
        vm.selectedEntries().setAll(vm.entries().get(0));
        assertTrue(vm.canReopenProperty().get());
        assertTrue(vm.canDeleteProperty().get());
        assertFalse(vm.canCompareProperty().get());
        vm.selectedEntries().add(vm.entries().get(2));
        assertFalse(vm.canReopenProperty().get());
        assertTrue(vm.canCompareProperty().get());
    }

    @Test
    void reopenHandsTheWholeReportOver() {
        vm.selectedEntries().setAll(vm.entries().get(2));
        vm.reopenSelected();
        assertEquals(1, reopened.size());
        assertEquals("Llama-2-7B", reopened.get(0).model().name());
        assertFalse(reopened.get(0).timeline().isEmpty());
        assertTrue(statuses.get(statuses.size() - 1).startsWith("Reopened Llama-2-7B"));
    }

    @Test
    void deleteMovesTheSelectedRunsToTheTrashAndListsTheRest() {
        RunSummaryEntry doomed = vm.entries().get(1);
        vm.selectedEntries().setAll(doomed);
        vm.deleteSelected();
        assertEquals(List.of("Llama-2-13B", "Llama-2-7B"), visibleModels());
        assertTrue(Files.exists(dir.resolve(".trash").resolve(doomed.id())));
        assertTrue(vm.selectedEntries().isEmpty());
    }

    @Test
    void aRunDeletedBehindTheListsBackIsReportedAndTheListRefreshed() throws Exception {
        RunSummaryEntry gone = vm.entries().get(0);
        Files.delete(gone.path());
        vm.selectedEntries().setAll(gone);
        vm.deleteSelected();
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).contains("Refresh the history"), errors.get(0));
        assertEquals(2, vm.entries().size());
    }

    @Test
    void compareTwoOpensBothRunsAsAnOverlayAndCloseEndsIt() {
        vm.selectedEntries().setAll(vm.entries().get(0), vm.entries().get(2));
        vm.compareSelected();
        RunOverlay o = vm.overlayProperty().get();
        assertEquals("Llama-2-13B", o.first().model().name());
        assertEquals("Llama-2-7B", o.second().model().name());
        assertTrue(o.firstName().startsWith("A · Llama-2-13B"));
        assertTrue(o.secondName().startsWith("B · Llama-2-7B"));
        vm.closeOverlay();
        assertNull(vm.overlayProperty().get());
    }

    @Test
    void saveAddsTheRunAndSaysWhere() {
        vm.save(run("Mistral-7B", "docker", T.plusSeconds(600), RunStatus.COMPLETED, null));
        assertEquals("Mistral-7B", vm.entries().get(0).model());
        assertTrue(statuses.get(statuses.size() - 1).startsWith("Saved to the history: " + dir));
    }

    @Test
    void aFolderThatCannotBeWrittenGivesAnErrorNamingIt() throws Exception {
        Path file = dir.resolve("not-a-folder");
        Files.writeString(file, "x");
        HistoryViewModel broken = new HistoryViewModel(new RunLibrary(file), new SameThreadTaskExecutor(), reopened::add,
                statuses::add, (title, message) -> errors.add(title + ": " + message));
        broken.save(run("A", "bench", T, RunStatus.COMPLETED, null));
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).startsWith("Cannot save the run to the history: " + file), errors.get(0));
    }
}
