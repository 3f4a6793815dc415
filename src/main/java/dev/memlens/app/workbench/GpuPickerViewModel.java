package dev.memlens.app.workbench;

import dev.memlens.app.task.BackgroundTask;
import dev.memlens.app.task.TaskExecutor;
import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.gpu.GpuSampler;
import dev.memlens.core.gpu.GpuSamplerOptions;
import dev.memlens.core.gpu.GpuToolNotFoundException;
import dev.memlens.core.run.SessionSettings;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The GPUs a run samples: detected in the background with one reading of the GPU tool. "No GPU tool" is a state,
 * not an error: runs still work, without memory samples.
 */
public final class GpuPickerViewModel {
    private final TaskExecutor executor;
    private final SessionSettings.SamplerFactory samplers;
    private final GpuSamplerOptions options;
    private final ObservableList<GpuChoice> choices = FXCollections.observableArrayList(GpuChoice.ALL);
    private final ObjectProperty<GpuChoice> selected = new SimpleObjectProperty<>(GpuChoice.ALL);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Detecting GPUs …");
    private final javafx.beans.binding.StringBinding summary =
            javafx.beans.binding.Bindings.createStringBinding(() -> summaryOf(status.get()), status);

    public GpuPickerViewModel(TaskExecutor executor, SessionSettings.SamplerFactory samplers, GpuSamplerOptions options) {
        this.executor = executor;
        this.samplers = samplers;
        this.options = options;
    }

    public ObservableList<GpuChoice> choices() {
        return choices;
    }

    public ObjectProperty<GpuChoice> selectedProperty() {
        return selected;
    }

    /** "2 GPUs via nvidia-smi (/usr/bin/nvidia-smi)", "No GPU tool found: …", or "Detecting GPUs …". */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /**
     * The status's key part for the toolbar: "2 GPUs via nvidia-smi", "No GPU tool found"; the whole status (the
     * tool's path, what to do) is its tooltip.
     */
    public javafx.beans.binding.StringExpression summaryProperty() {
        return summary;
    }

    static String summaryOf(String status) {
        int cut = status.length();
        for (String stop : new String[] {" (", ": "}) {
            int at = status.indexOf(stop);
            if (at > 0 && at < cut) {
                cut = at;
            }
        }
        return status.substring(0, cut);
    }

    public void detect() {
        status.set("Detecting GPUs …");
        executor.submit(BackgroundTask.of("Detect GPUs", this::readGpus)
                .onSuccess(found -> {
                    GpuChoice before = selected.get();
                    List<GpuChoice> all = new ArrayList<>();
                    all.add(GpuChoice.ALL);
                    all.addAll(found.gpus());
                    choices.setAll(all);
                    selected.set(all.stream().filter(c -> before != null && c.index() == before.index())
                            .findFirst().orElse(GpuChoice.ALL));
                    status.set(found.status());
                })
                .onFailure(e -> {
                    choices.setAll(GpuChoice.ALL);
                    selected.set(GpuChoice.ALL);
                    status.set("The GPUs could not be read: " + e.getMessage());
                }));
    }

    private record Found(List<GpuChoice> gpus, String status) {
    }

    private Found readGpus() throws Exception {
        GpuSampler sampler;
        try {
            sampler = samplers.create(options);
        } catch (GpuToolNotFoundException e) {
            return new Found(List.of(), "No GPU tool found (nvidia-smi, amd-smi, rocm-smi): runs work, without"
                    + " memory samples.");
        }
        try (sampler) {
            List<GpuChoice> gpus = new ArrayList<>();
            for (GpuSample s : sampler.baseline()) {
                gpus.add(new GpuChoice(s.index(), s.name(), s.totalBytes()));
            }
            return new Found(gpus, gpus.size() + (gpus.size() == 1 ? " GPU" : " GPUs") + " via " + sampler.description());
        }
    }

    /** The sampler options for a run: the picked GPU only, or all. */
    public GpuSamplerOptions samplerOptions(GpuSamplerOptions base) {
        GpuChoice c = selected.get();
        return c == null || c.isAll() ? base : base.withGpuIndices(List.of(c.index()));
    }

    /** The memory of the picked GPU (the smallest when all are picked), for the estimator's fit check. */
    public Long gpuTotalBytes() {
        GpuChoice c = selected.get();
        if (c != null && !c.isAll()) {
            return c.totalBytes();
        }
        return choices.stream().filter(g -> !g.isAll() && g.totalBytes() != null).map(GpuChoice::totalBytes)
                .min(Long::compare).orElse(null);
    }
}
