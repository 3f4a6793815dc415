package dev.memlens.app.live;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;

/** The Processes tab: the GPU processes of the run as the sampler polls them, largest first. */
public final class ProcessesView extends TableView<ProcessesViewModel.Row> {
    public ProcessesView(ProcessesViewModel vm) {
        this(vm.rows(), "Used", "GPU processes show here while a run goes (nvidia-smi --query-compute-apps, NVML).");
        setId("processesTable");
    }

    /**
     * The same table over other rows (a saved report's processes).
     *
     * @param usedTitle the title of the "used" column: "Used" live, "At run peak" for a saved report
     */
    public ProcessesView(javafx.collections.ObservableList<ProcessesViewModel.Row> rows, String usedTitle,
                         String placeholder) {
        super(rows);
        setPlaceholder(new Label(placeholder));
        setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        getColumns().setAll(java.util.List.of(column("PID", r -> String.valueOf(r.pid()), 80),
                column("Process", ProcessesViewModel.Row::name, 260), column("GPU", ProcessesViewModel.Row::gpu, 90),
                column(usedTitle, ProcessesViewModel.Row::used, 110),
                column("Peak", ProcessesViewModel.Row::peak, 110)));
    }

    private static TableColumn<ProcessesViewModel.Row, String> column(String title,
                                                                    Function<ProcessesViewModel.Row, String> value,
                                                                    double width) {
        TableColumn<ProcessesViewModel.Row, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setPrefWidth(width);
        c.setMinWidth(Math.min(width, 70));
        c.setSortable(false);
        return c;
    }
}
