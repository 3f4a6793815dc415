package dev.memlens.app.workbench;

import java.io.File;
import java.nio.file.Path;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;

/**
 * The model row: an editable list of the Hugging Face cache's models, folder and config.json buttons, and under it
 * the preview, with {@code besidePreview} at its right end.
 */
final class ModelPickerView extends VBox {
    ModelPickerView(ModelPickerViewModel vm, javafx.scene.Node besidePreview) {
        setSpacing(4);
        ComboBox<String> model = new ComboBox<>(vm.cachedModels());
        model.setId("modelPicker");
        model.setEditable(true);
        model.setMaxWidth(Double.MAX_VALUE);
        model.setPromptText("org/model from the Hugging Face cache, a model folder, or a config.json");
        model.valueProperty().bindBidirectional(vm.modelProperty());
        model.getEditor().textProperty().addListener((o, a, t) -> {
            if (t != null && !t.equals(vm.modelProperty().get())) {
                vm.modelProperty().set(t);
            }
        });
        model.setTooltip(new Tooltip("vLLM --model / memlens hf --model: a model id (offered from the local Hugging Face"
                + " cache), a model folder, or a config.json (its folder is passed)"));
        HBox.setHgrow(model, Priority.ALWAYS);
        Button folder = new Button("Folder…");
        folder.setId("modelFolderButton");
        folder.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Pick the model's folder (with config.json)");
            File f = chooser.showDialog(getScene().getWindow());
            if (f != null) {
                vm.modelProperty().set(f.getAbsolutePath());
            }
        });
        Button config = new Button("config.json…");
        config.setId("modelConfigButton");
        config.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Pick a Hugging Face config.json");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("config.json", "*.json"));
            File f = chooser.showOpenDialog(getScene().getWindow());
            if (f != null) {
                vm.modelProperty().set(Path.of(f.getAbsolutePath()).toString());
            }
        });
        Label title = new Label("Model");
        title.setMinWidth(120);
        HBox row = new HBox(8, title, model, folder, config);
        row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        Label preview = new Label();
        preview.setId("modelPreview");
        preview.getStyleClass().add("text-muted");
        preview.setWrapText(false); // one line beside the fit line, the whole text on hover
        javafx.scene.control.Tooltip previewTip = new javafx.scene.control.Tooltip();
        previewTip.textProperty().bind(vm.previewProperty());
        preview.setTooltip(previewTip);
        preview.setMinWidth(120);
        preview.textProperty().bind(vm.previewProperty());
        Label kind = new Label();
        kind.getStyleClass().add("model-source");
        kind.textProperty().bind(vm.sourceKindProperty());
        kind.visibleProperty().bind(vm.sourceKindProperty().isNotEmpty());
        kind.managedProperty().bind(kind.visibleProperty());
        preview.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(preview, Priority.ALWAYS);
        preview.setMinHeight(18); // one line even when empty: choosing a model moves nothing
        HBox previewRow = new HBox(8, kind, preview, besidePreview);
        previewRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        previewRow.setPadding(new javafx.geometry.Insets(0, 0, 0, 128));
        getChildren().addAll(row, previewRow);
    }
}
