package dev.memlens.app.workbench;

import dev.memlens.app.task.BackgroundTask;
import dev.memlens.app.task.TaskExecutor;
import dev.memlens.core.run.Survivor;
import dev.memlens.core.run.Survivors;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Engine processes that interrupted runs left running (they hold GPU memory and spoil the next baseline): what to tell
 * the user, and the one click that ends them.
 */
public final class SurvivorsViewModel {
    private final TaskExecutor executor;
    private final Path runsDir;
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper present = new ReadOnlyBooleanWrapper(false);
    private List<Survivor> survivors = List.of();

    SurvivorsViewModel(TaskExecutor executor, Path runsDir) {
        this.executor = executor;
        this.runsDir = runsDir;
    }

    void show(List<Survivor> found) {
        survivors = List.copyOf(found);
        present.set(!survivors.isEmpty());
        message.set(survivors.isEmpty() ? "" : "Processes of an interrupted run are still running and may hold GPU"
                + " memory: " + String.join("; ", survivors.stream().map(Survivor::describe).toList()));
    }

    /** Ends every listed survivor's whole tree, in the background. */
    public void endThem() {
        List<Survivor> toEnd = survivors;
        if (toEnd.isEmpty()) {
            return;
        }
        executor.submit(BackgroundTask.of("End leftover processes", () -> Survivors.end(runsDir, toEnd))
                .onSuccess(lines -> {
                    show(List.of());
                    message.set(String.join("; ", lines));
                })
                .onFailure(e -> message.set("Could not end the leftover processes: " + e.getMessage())));
    }

    /** The warning while survivors run; after the click, what ending them did. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** True while there are survivors to end (the button shows). */
    public ReadOnlyBooleanProperty presentProperty() {
        return present.getReadOnlyProperty();
    }
}
