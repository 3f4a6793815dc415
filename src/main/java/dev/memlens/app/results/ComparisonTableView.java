package dev.memlens.app.results;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;

/** Per-component comparison with verdict icons; the advice shows in its own column and on hover. */
final class ComparisonTableView extends TableView<ComparisonRowItem> {
    ComparisonTableView(ResultsViewModel vm) {
        super(vm.rows());
        setId("comparisonTable");
        setColumnResizePolicy(CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        setPlaceholder(new Label("Type calculator values to compare them with the measurement."));
        TableColumn<ComparisonRowItem, String> verdict = column("", ComparisonRowItem::verdictSymbol, 36);
        verdict.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String symbol, boolean empty) {
                super.updateItem(symbol, empty);
                getStyleClass().removeAll("verdict-ok", "verdict-warn", "verdict-bad");
                ComparisonRowItem row = empty || getTableRow() == null ? null : getTableRow().getItem();
                setText(empty || row == null ? null : symbol);
                if (row != null && !empty) {
                    getStyleClass().add("verdict-" + row.verdictTag());
                    setTooltip(new Tooltip(row.advice()));
                }
            }
        });
        TableColumn<ComparisonRowItem, String> unitAware = column("Actual", ComparisonRowItem::actual, 80);
        unitAware.textProperty().bind(vm.unitProperty().map(u -> "Actual (" + u.label() + ")"));
        TableColumn<ComparisonRowItem, String> calc = column("Calculated", ComparisonRowItem::calculated, 90);
        calc.textProperty().bind(vm.unitProperty().map(u -> "Calculated (" + u.label() + ")"));
        getColumns().setAll(java.util.List.of(verdict, column("Component", ComparisonRowItem::component, 130), unitAware,
                calc, column("Diff", ComparisonRowItem::diff, 70), column("% Diff", ComparisonRowItem::percent, 70),
                column("Measured by", ComparisonRowItem::source, 110), column("Advice", ComparisonRowItem::advice, 300)));
    }

    private static TableColumn<ComparisonRowItem, String> column(String title, Function<ComparisonRowItem, String> value,
                                                                double width) {
        TableColumn<ComparisonRowItem, String> col = new TableColumn<>(title);
        col.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        col.setPrefWidth(width);
        col.setSortable(false);
        return col;
    }
}
