package dev.memlens.app.workbench;

import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/** The toolbar's GPU picker and what detection found ("No GPU tool found …" in plain text, never a dialog). */
final class GpuPickerView extends HBox {
    GpuPickerView(GpuPickerViewModel vm) {
        setSpacing(6);
        setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        ComboBox<GpuChoice> gpus = new ComboBox<>(vm.choices());
        gpus.setId("gpuPicker");
        gpus.valueProperty().bindBidirectional(vm.selectedProperty());
        gpus.setPrefWidth(200);
        gpus.setMinWidth(160);
        gpus.setTooltip(new Tooltip("memlens --gpus: the GPUs sampled during the run"));
        Label status = new Label();
        status.setId("gpuStatus");
        status.getStyleClass().add("text-muted");
        status.textProperty().bind(vm.summaryProperty());
        status.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        status.setTooltip(new Tooltip());
        status.getTooltip().textProperty().bind(vm.statusProperty());
        getChildren().addAll(gpus, status);
    }
}
