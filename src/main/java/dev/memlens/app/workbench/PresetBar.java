package dev.memlens.app.workbench;

import dev.memlens.app.settings.FormPreset;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;

/** Presets: pick one to load or delete, or type a name and save the current form under it. */
final class PresetBar extends HBox {
    PresetBar(PresetsViewModel vm) {
        setSpacing(6);
        setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        ComboBox<FormPreset> list = new ComboBox<>(vm.presets());
        list.setId("presetPicker");
        list.setPromptText("Presets");
        list.setPrefWidth(200);
        list.valueProperty().bindBidirectional(vm.selectedProperty());
        list.setCellFactory(v -> new PresetCell());
        list.setButtonCell(new PresetCell());
        Button load = new Button("Load");
        load.setId("presetLoad");
        load.setOnAction(e -> vm.loadSelected());
        load.disableProperty().bind(vm.selectedProperty().isNull());
        Button delete = new Button("Delete");
        delete.setId("presetDelete");
        delete.setOnAction(e -> vm.deleteSelected());
        delete.disableProperty().bind(vm.selectedProperty().isNull());
        TextField name = new TextField();
        name.setId("presetName");
        name.setPromptText("preset name");
        name.setPrefColumnCount(12);
        name.textProperty().bindBidirectional(vm.nameProperty());
        Button save = new Button("Save preset");
        save.setId("presetSave");
        save.setOnAction(e -> vm.saveCurrent());
        save.disableProperty().bind(vm.nameProperty().isEmpty());
        Label message = new Label();
        message.setId("presetMessage");
        message.getStyleClass().add("text-muted");
        message.textProperty().bind(vm.messageProperty());
        getChildren().addAll(list, load, delete, name, save, message);
    }

    private static final class PresetCell extends ListCell<FormPreset> {
        @Override
        protected void updateItem(FormPreset p, boolean empty) {
            super.updateItem(p, empty);
            setText(empty || p == null ? null : p.name() + "  (" + p.mode() + ")");
        }
    }
}
