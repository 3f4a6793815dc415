package dev.memlens.app.workbench;

import dev.memlens.app.settings.FormPreset;
import dev.memlens.app.settings.PresetStore;
import dev.memlens.app.task.BackgroundTask;
import dev.memlens.app.task.TaskExecutor;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Named presets of form values: list, save the current form, load one into its form, delete. Files in the background. */
public final class PresetsViewModel {
    private final PresetStore store;
    private final TaskExecutor executor;
    private final Supplier<FormPreset> current;
    private final Consumer<FormPreset> load;
    private final ObservableList<FormPreset> presets = FXCollections.observableArrayList();
    private final ObjectProperty<FormPreset> selected = new SimpleObjectProperty<>();
    private final StringProperty name = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    /**
     * @param current the current form's values under the typed name (the name is filled in here)
     * @param load    puts a preset's values into its form and switches to its mode
     */
    public PresetsViewModel(PresetStore store, TaskExecutor executor, Supplier<FormPreset> current,
                            Consumer<FormPreset> load) {
        this.store = store;
        this.executor = executor;
        this.current = current;
        this.load = load;
        selected.addListener((o, a, p) -> {
            if (p != null) {
                name.set(p.name());
            }
        });
    }

    public ObservableList<FormPreset> presets() {
        return presets;
    }

    public ObjectProperty<FormPreset> selectedProperty() {
        return selected;
    }

    /** The name the current values are saved under. */
    public StringProperty nameProperty() {
        return name;
    }

    /** What the last preset action did, or why it failed. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public void refresh() {
        submit("Read the presets", store::list, list -> { });
    }

    public void saveCurrent() {
        String n = name.get() == null ? "" : name.get().trim();
        if (n.isEmpty()) {
            message.set("Type a name for the preset first.");
            return;
        }
        FormPreset base = current.get();
        FormPreset preset = new FormPreset(n, base.mode(), base.values());
        submit("Save preset " + n, () -> store.save(preset), list -> {
            message.set("Saved preset '" + n + "' in " + store.file());
            selected.set(list.stream().filter(p -> p.name().equals(n)).findFirst().orElse(null));
        });
    }

    public void loadSelected() {
        FormPreset p = selected.get();
        if (p == null) {
            message.set("Pick a preset to load.");
            return;
        }
        load.accept(p);
        message.set("Loaded preset '" + p.name() + "'");
    }

    public void deleteSelected() {
        FormPreset p = selected.get();
        if (p == null) {
            message.set("Pick a preset to delete.");
            return;
        }
        submit("Delete preset " + p.name(), () -> store.delete(p.name()), list -> {
            message.set("Deleted preset '" + p.name() + "'");
            selected.set(null);
        });
    }

    private void submit(String title, java.util.concurrent.Callable<List<FormPreset>> work,
                        Consumer<List<FormPreset>> after) {
        executor.submit(BackgroundTask.of(title, work)
                .onSuccess(list -> {
                    FormPreset keep = selected.get();
                    presets.setAll(list);
                    if (keep != null && !list.contains(keep)) {
                        selected.set(null);
                    }
                    after.accept(list);
                })
                .onFailure(e -> message.set(String.valueOf(e.getMessage()))));
    }
}
