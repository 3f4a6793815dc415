package dev.memlens.app.results;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;

/**
 * The memory account as a table, always shown: per calculator component what was measured, how (kind) and from
 * where (source), the parts of framework overhead under it, the total; then the calculator's columns, which fill
 * in as the user types. Headers are short enough to read whole.
 */
final class AccountTableView extends TableView<AccountTableRow> {
    AccountTableView(ResultsViewModel vm) {
        super(vm.accountTable());
        setId("accountTable");
        setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        setPlaceholder(new Label("Open a report or run a profile: its memory account shows here."));
        // every figure carries its unit, so the headers stay short enough to read whole
        TableColumn<AccountTableRow, String> measured = column("Measured", AccountTableRow::measured, 110);
        TableColumn<AccountTableRow, String> calculated = column("Calculated", AccountTableRow::calculated, 115);
        TableColumn<AccountTableRow, String> verdict = column("Verdict", AccountTableRow::verdictSymbol, 88);
        verdict.setCellFactory(c -> new VerdictCell());
        getColumns().setAll(java.util.List.of(column("Component", AccountTableRow::component, 170), measured,
                column("Kind", AccountTableRow::kind, 100), column("Source", AccountTableRow::source, 125), calculated,
                column("Diff", AccountTableRow::diff, 70), column("% Diff", AccountTableRow::percent, 78), verdict,
                column("How measured · advice", AccountTableRow::advice, 420)));
        setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(AccountTableRow row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().removeAll("account-part", "account-total");
                if (!empty && row != null) {
                    getStyleClass().add(row.total() ? "account-total" : row.part() ? "account-part" : "");
                    setTooltip(row.advice().isEmpty() ? null : new Tooltip(row.advice()));
                }
            }
        });
    }

    private static TableColumn<AccountTableRow, String> column(String title, Function<AccountTableRow, String> value,
                                                               double width) {
        TableColumn<AccountTableRow, String> col = new TableColumn<>(title);
        col.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        col.setPrefWidth(width);
        col.setMinWidth(width); // headers and figures are read whole; the table scrolls sideways when narrow
        col.setSortable(false);
        return col;
    }

    private static final class VerdictCell extends TableCell<AccountTableRow, String> {
        @Override
        protected void updateItem(String symbol, boolean empty) {
            super.updateItem(symbol, empty);
            getStyleClass().removeAll("verdict-ok", "verdict-warn", "verdict-bad");
            AccountTableRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
            setText(empty || row == null ? null : symbol);
            if (row != null && !empty) {
                getStyleClass().add("verdict-" + row.verdictTag());
            }
        }
    }
}
