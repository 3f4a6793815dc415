package dev.memlens.app.history;

import dev.memlens.core.report.library.RunSummaryEntry;
import dev.memlens.core.report.library.StatusFilter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The history: search field, status filter and commands on top, the table of saved runs, and the overlay of two
 * runs below it once Compare is pressed. Interrupted runs and damaged files are marked in their rows.
 */
public final class HistoryView extends BorderPane {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    /** Room for the vertical scroll bar of a long history, so the last column is never under it. */
    private static final double SCROLL_BAR_ROOM = 16;
    private final HistoryViewModel vm;
    private final TableView<RunSummaryEntry> table = new TableView<>();
    private final SplitPane split = new SplitPane();
    private final RunOverlayView overlay;
    private boolean syncing;

    public HistoryView(HistoryViewModel vm) {
        this.vm = vm;
        setId("historyView");
        setTop(toolbar());
        buildTable();
        overlay = new RunOverlayView(vm);
        split.setOrientation(Orientation.VERTICAL);
        split.getItems().add(table);
        setCenter(split);
        vm.overlayProperty().addListener((o, a, b) -> showOverlay(b != null));
    }

    private HBox toolbar() {
        TextField search = new TextField();
        search.setId("historySearch");
        search.setPromptText("Search model, GPU, mode…");
        search.setPrefColumnCount(24);
        search.textProperty().bindBidirectional(vm.searchTextProperty());
        ComboBox<StatusFilter> status = new ComboBox<>();
        status.setId("historyStatus");
        status.getItems().setAll(StatusFilter.values());
        status.valueProperty().bindBidirectional(vm.statusFilterProperty());
        Button refresh = button("Refresh", "historyRefresh", "Read the history folder again");
        refresh.setOnAction(e -> vm.refresh());
        Button reopen = button("Reopen", "historyReopen", "Show the selected run in the results view (or double-click it)");
        reopen.disableProperty().bind(vm.canReopenProperty().not());
        reopen.setOnAction(e -> vm.reopenSelected());
        Button compare = button("Compare", "historyCompare", "Overlay the two selected runs' timelines and breakdowns");
        compare.disableProperty().bind(vm.canCompareProperty().not());
        compare.setOnAction(e -> vm.compareSelected());
        Button delete = button("Delete…", "historyDelete", "Move the selected runs to the history folder's .trash");
        delete.getStyleClass().add("danger");
        delete.disableProperty().bind(vm.canDeleteProperty().not());
        delete.setOnAction(e -> confirmDelete());
        Label folder = new Label(dev.memlens.core.io.HomePaths.abbreviate(vm.directory()));
        folder.setId("historyFolder");
        folder.getStyleClass().add("text-muted");
        // a long folder is cut (its whole path on hover), never the commands beside it
        folder.setMinWidth(0);
        folder.setTextOverrun(javafx.scene.control.OverrunStyle.LEADING_ELLIPSIS);
        folder.setTooltip(new Tooltip("Saved runs live in " + vm.directory()));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bar = new HBox(8, search, status, refresh, reopen, compare, delete, grow, folder);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 10, 8, 10));
        return bar;
    }

    private static Button button(String text, String id, String tip) {
        Button b = new Button(text);
        b.setId(id);
        b.setMinWidth(Region.USE_PREF_SIZE);
        b.setTooltip(new Tooltip(tip));
        return b;
    }

    private void buildTable() {
        table.setId("historyTable");
        table.setPlaceholder(new Label("No saved runs. Runs are saved here when they end, or with File ▸ Save to history."));
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        // the short columns as wide as their texts (FittedCell), the Model column the room they leave: a constrained
        // policy does not run again when a column's minimum grows, and the last column then stuck out of the table
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        // a local model's path reads as its folder (the whole path on hover), so rows do not all look alike
        TableColumn<RunSummaryEntry, String> model = column("Model", 260, e -> e.isDamaged() ? e.id()
                : dev.memlens.app.ModelLabel.of(e.model()));
        model.setCellFactory(c -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                RunSummaryEntry e = empty || getTableRow() == null ? null : getTableRow().getItem();
                setTooltip(e == null || e.model() == null ? null : new Tooltip(e.model()));
            }
        });
        table.getColumns().add(model);
        table.getColumns().add(fitted(column("Mode", 70, e -> text(e.mode()))));
        table.getColumns().add(fitted(column("GPU", 190, e -> text(e.gpuLabel()))));
        table.getColumns().add(fitted(column("Date", 130, e -> e.startedAt() == null ? ""
                : DATE.format(e.startedAt().atZone(ZoneId.systemDefault())))));
        TableColumn<RunSummaryEntry, String> peak = fitted(column("Peak", 90, e -> e.peakBytes() == null ? ""
                : String.format(Locale.ROOT, "%.2f %s", vm.unitProperty().get().fromBytes(e.peakBytes()),
                vm.unitProperty().get().label())));
        peak.setId("historyPeakColumn");
        table.getColumns().add(peak);
        // the unit switch re-renders the column's cells
        vm.unitProperty().addListener((o, a, u) -> table.refresh());
        table.getColumns().add(fitted(column("Verdict", 80, e -> e.verdict().label())));
        table.getColumns().add(fitted(column("Status", 120, HistoryView::statusText)));
        fillWithModelColumn(model);
        table.setItems(vm.visibleEntries());
        table.setRowFactory(t -> new EntryRow());
        table.getSelectionModel().getSelectedItems().addListener((ListChangeListener<RunSummaryEntry>) c -> {
            if (!syncing) {
                syncing = true;
                vm.selectedEntries().setAll(table.getSelectionModel().getSelectedItems());
                syncing = false;
            }
        });
        vm.selectedEntries().addListener((ListChangeListener<RunSummaryEntry>) c -> {
            if (!syncing) {
                syncing = true;
                table.getSelectionModel().clearSelection();
                vm.selectedEntries().forEach(e -> table.getSelectionModel().select(e));
                syncing = false;
            }
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                vm.reopenSelected();
            } else if (e.getCode() == KeyCode.DELETE) {
                confirmDelete();
            }
        });
    }

    static String statusText(RunSummaryEntry e) {
        if (e.isDamaged()) {
            return "✗ damaged";
        }
        return e.isInterrupted() ? "⚠ interrupted" : e.status().tag();
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static TableColumn<RunSummaryEntry, String> column(String title, double width,
                                                              Function<RunSummaryEntry, String> value) {
        TableColumn<RunSummaryEntry, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return c;
    }

    /** The Model column takes the table's width less the other columns' and a vertical scroll bar's, at least 160. */
    private void fillWithModelColumn(TableColumn<RunSummaryEntry, String> model) {
        List<TableColumn<RunSummaryEntry, ?>> others = table.getColumns().stream().filter(c -> c != model).toList();
        List<javafx.beans.Observable> dependencies = new java.util.ArrayList<>(List.of(table.widthProperty()));
        others.forEach(c -> dependencies.add(c.widthProperty()));
        model.setMinWidth(160);
        model.prefWidthProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(() -> Math.max(160,
                table.getWidth() - table.snappedLeftInset() - table.snappedRightInset() - SCROLL_BAR_ROOM
                        - others.stream().mapToDouble(TableColumn::getWidth).sum()),
                dependencies.toArray(javafx.beans.Observable[]::new)));
    }

    /**
     * A column whose cells are never cut ("prometh…" was): each cell, once laid out with its CSS font and padding,
     * widens the column's minimum to what its text needs; the room comes from the Model column, whose long names are
     * cut with the whole name on hover.
     */
    private static TableColumn<RunSummaryEntry, String> fitted(TableColumn<RunSummaryEntry, String> column) {
        column.setCellFactory(c -> new FittedCell());
        return column;
    }

    private static final class FittedCell extends javafx.scene.control.TableCell<RunSummaryEntry, String> {
        @Override
        protected void updateItem(String text, boolean empty) {
            super.updateItem(text, empty);
            setText(empty ? null : text);
        }

        @Override
        protected void layoutChildren() {
            super.layoutChildren();
            TableColumn<RunSummaryEntry, String> column = getTableColumn();
            if (column != null && getText() != null && !getText().isEmpty()) {
                // the text's own width (a table cell's preferred width is its column's, so it cannot say this)
                javafx.scene.text.Text text = new javafx.scene.text.Text(getText());
                text.setFont(getFont());
                double needed = Math.ceil(text.getLayoutBounds().getWidth() + snappedLeftInset() + snappedRightInset())
                        + 2;
                if (needed > column.getMinWidth()) {
                    column.setMinWidth(needed);
                }
            }
        }
    }

    /** Marks interrupted runs and damaged files, and reopens on double-click. */
    private final class EntryRow extends TableRow<RunSummaryEntry> {
        EntryRow() {
            setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !isEmpty()) {
                    vm.reopenSelected();
                }
            });
        }

        @Override
        protected void updateItem(RunSummaryEntry item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().removeAll("run-interrupted", "run-damaged");
            setTooltip(null);
            if (!empty && item != null) {
                if (item.isDamaged()) {
                    getStyleClass().add("run-damaged");
                    setTooltip(new Tooltip(item.damage()));
                } else if (item.isInterrupted()) {
                    getStyleClass().add("run-interrupted");
                    setTooltip(new Tooltip("MemLens stopped during this run; it was recovered at the next start."));
                }
            }
        }
    }

    private void confirmDelete() {
        int n = vm.selectedEntries().size();
        if (n == 0) {
            return;
        }
        ButtonType move = new ButtonType("Move to trash", ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION,
                (n == 1 ? "The run " + HistoryViewModel.describe(vm.selectedEntries().get(0)) : n + " runs")
                        + " will be moved to " + vm.directory().resolve(".trash") + ". You can restore it from there.",
                move, ButtonType.CANCEL);
        alert.setHeaderText(n == 1 ? "Delete this run?" : "Delete " + n + " runs?");
        alert.setTitle("MemLens");
        alert.getDialogPane().setId("deleteDialog");
        if (getScene() != null) {
            alert.initOwner(getScene().getWindow());
        }
        alert.showAndWait().filter(move::equals).ifPresent(b -> vm.deleteSelected());
    }

    private void showOverlay(boolean show) {
        if (show && !split.getItems().contains(overlay)) {
            split.getItems().add(overlay);
            split.setDividerPositions(0.38);
        } else if (!show) {
            split.getItems().remove(overlay);
        }
    }

    public TableView<RunSummaryEntry> table() {
        return table;
    }
}
