package dev.memlens.app.live;

import dev.memlens.core.gpu.GpuProcessSample;
import dev.memlens.core.run.SessionListener;
import dev.memlens.core.units.Format;
import dev.memlens.core.units.MemoryUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The GPU processes of the running profile, as nvitop lists them: pid, name, GPU, memory now and at its peak, and
 * whether it is still there. Polls arrive on the sampler's thread and are applied on the UI thread.
 */
public final class ProcessesViewModel implements SessionListener {
    /** One process on one GPU, in the display unit. */
    public record Row(long pid, String name, String gpu, String used, String peak, boolean running) {
    }

    private record Seen(long pid, String name, String gpu, Long usedBytes, long peakBytes, boolean running) {
    }

    private final Executor uiExecutor;
    private final Map<String, Seen> seen = new LinkedHashMap<>();
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ObservableList<Row> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObjectProperty<MemoryUnit> unit = new SimpleObjectProperty<>(this, "unit", MemoryUnit.GIB);

    /** @param uiExecutor runs the updates on the UI thread ({@code Platform::runLater} in the app) */
    public ProcessesViewModel(Executor uiExecutor) {
        this.uiExecutor = Objects.requireNonNull(uiExecutor, "uiExecutor");
        unit.addListener((o, a, u) -> publish());
    }

    @Override
    public void onProcesses(long timestampMillis, List<GpuProcessSample> processes) {
        List<GpuProcessSample> copy = List.copyOf(processes);
        uiExecutor.execute(() -> apply(copy));
    }

    /** Applies one poll. UI thread. */
    void apply(List<GpuProcessSample> poll) {
        seen.replaceAll((k, s) -> new Seen(s.pid(), s.name(), s.gpu(), s.usedBytes(), s.peakBytes(), false));
        for (GpuProcessSample p : poll) {
            String gpu = p.gpuIndex() != null ? "GPU " + p.gpuIndex() : p.gpuUuid();
            String key = p.pid() + "@" + gpu;
            Seen before = seen.get(key);
            long used = p.usedBytes() == null ? 0 : p.usedBytes();
            long peak = Math.max(before == null ? 0 : before.peakBytes(), used);
            seen.put(key, new Seen(p.pid(), p.processName(), gpu, p.usedBytes(), peak, true));
        }
        publish();
    }

    /** Starts a new run: forgets every process. UI thread. */
    public void reset() {
        seen.clear();
        publish();
    }

    private void publish() {
        MemoryUnit u = unit.get();
        List<Seen> ordered = new ArrayList<>(seen.values());
        ordered.sort(Comparator.comparing(Seen::running).reversed().thenComparing(Seen::peakBytes, Comparator.reverseOrder()));
        List<Row> out = new ArrayList<>();
        for (Seen s : ordered) {
            out.add(new Row(s.pid(), s.name() == null ? "—" : s.name(), s.gpu(),
                    s.running() ? Format.size(s.usedBytes(), u) : "ended", Format.size(s.peakBytes(), u), s.running()));
        }
        rows.setAll(out);
    }

    /** Running processes first, the largest first. UI thread. */
    public ObservableList<Row> rows() {
        return rowsView;
    }

    public ObjectProperty<MemoryUnit> unitProperty() {
        return unit;
    }
}
