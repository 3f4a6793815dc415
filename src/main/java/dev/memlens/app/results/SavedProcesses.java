package dev.memlens.app.results;

import dev.memlens.app.live.ProcessesViewModel;
import dev.memlens.core.report.ProcessMemory;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.units.Format;
import dev.memlens.core.units.MemoryUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The rows of the Results Processes tab: a saved report's GPU processes, largest peak first, in the display unit.
 * The "used" column is what each held at the run's peak ("—" when it was not running then).
 */
final class SavedProcesses {
    private final ObservableValue<ProfileReport> report;
    private final ObservableValue<MemoryUnit> unit;
    private final ObservableList<ProcessesViewModel.Row> rows = FXCollections.observableArrayList();

    SavedProcesses(ObservableValue<ProfileReport> report, ObservableValue<MemoryUnit> unit) {
        this.report = report;
        this.unit = unit;
        report.addListener((o, a, b) -> refresh());
        unit.addListener((o, a, b) -> refresh());
        refresh();
    }

    ObservableList<ProcessesViewModel.Row> rows() {
        return rows;
    }

    private void refresh() {
        ProfileReport r = report.getValue();
        MemoryUnit u = unit.getValue();
        List<ProcessMemory> ordered = new ArrayList<>(r == null ? List.of() : r.processes());
        ordered.sort(Comparator.comparing(ProcessMemory::peakBytes, Comparator.nullsLast(Comparator.reverseOrder())));
        List<ProcessesViewModel.Row> out = new ArrayList<>();
        for (ProcessMemory p : ordered) {
            out.add(new ProcessesViewModel.Row(p.pid(), p.name() == null ? Format.UNKNOWN : p.name(), p.gpuLabel(),
                    Format.size(p.usedAtPeakBytes(), u), Format.size(p.peakBytes(), u), false));
        }
        rows.setAll(out);
    }
}
