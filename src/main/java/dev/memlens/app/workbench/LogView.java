package dev.memlens.app.workbench;

import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The run's output with a filter; lines the vLLM parser recognised as a failure carry the style class
 * {@code log-failure} and their advice on hover, MemLens's own warnings {@code log-warning}.
 */
final class LogView extends VBox {
    static final String FAILURE = "log-failure";
    static final String WARNING = "log-warning";

    LogView(RunViewModel vm) {
        setSpacing(6);
        TextField filter = new TextField();
        filter.setId("logFilter");
        filter.setPromptText("Filter the log (e.g. memory, error, KV)");
        filter.textProperty().bindBidirectional(vm.logFilterProperty());
        HBox.setHgrow(filter, Priority.ALWAYS);
        Label count = new Label();
        count.getStyleClass().add("text-muted");
        count.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> vm.filteredLog().size() + " of " + vm.log().size() + " lines", vm.filteredLog(), vm.log()));
        ListView<LogEntry> lines = new ListView<>(vm.filteredLog());
        lines.setId("logList");
        lines.getStyleClass().add("log-list");
        lines.setCellFactory(v -> new LogCell());
        lines.setFixedCellSize(20); // compact rows whatever the theme pads, and cheap scrolling over 20,000 lines
        VBox.setVgrow(lines, Priority.ALWAYS);
        // follow the newest line while the view is at the bottom
        vm.filteredLog().addListener((javafx.collections.ListChangeListener<LogEntry>) c -> {
            if (!lines.getItems().isEmpty()) {
                lines.scrollTo(lines.getItems().size() - 1);
            }
        });
        HBox top = new HBox(8, filter, count);
        top.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        getChildren().addAll(top, lines);
    }

    private static final class LogCell extends ListCell<LogEntry> {
        @Override
        protected void updateItem(LogEntry e, boolean empty) {
            super.updateItem(e, empty);
            getStyleClass().removeAll(FAILURE, WARNING);
            if (empty || e == null) {
                setText(null);
                setTooltip(null);
                return;
            }
            setText(e.text());
            if (e.isFailure()) {
                getStyleClass().add(FAILURE);
                setTooltip(new Tooltip(e.failure() + ": " + e.advice()));
            } else {
                setTooltip(null);
                if (e.isWarning()) {
                    getStyleClass().add(WARNING);
                }
            }
        }
    }
}
