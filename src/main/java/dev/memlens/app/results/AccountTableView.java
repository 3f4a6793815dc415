package dev.memlens.app.results;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;

/** The run's memory account: each item with its kind and source, then the total; an inconsistent rest is marked. */
final class AccountTableView extends TableView<AccountRowItem> {
    AccountTableView(ResultsViewModel vm) {
        super(vm.accountRows());
        setId("accountTable");
        setColumnResizePolicy(CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        setPlaceholder(new Label("No memory account: open a report or run a profile."));
        setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(AccountRowItem item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll("account-total", "account-inconsistent");
                if (item != null && !empty && item.total()) {
                    getStyleClass().add("account-total");
                } else if (item != null && !empty && item.inconsistent()) {
                    getStyleClass().add("account-inconsistent");
                }
            }
        });
        getColumns().setAll(java.util.List.of(column("Item", AccountRowItem::component, 170),
                column("Size", AccountRowItem::value, 90), column("Kind", AccountRowItem::kind, 80),
                column("Source", AccountRowItem::source, 110), column("How", AccountRowItem::note, 320)));
    }

    private static TableColumn<AccountRowItem, String> column(String title, Function<AccountRowItem, String> value,
                                                             double width) {
        TableColumn<AccountRowItem, String> col = new TableColumn<>(title);
        col.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        col.setPrefWidth(width);
        col.setSortable(false);
        return col;
    }
}
