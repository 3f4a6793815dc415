package dev.memlens.app.workbench;

import dev.memlens.core.docker.ContainerInfo;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/** The container row of the Container form: running containers from docker ps (refreshed in the background). */
final class ContainerPickerView extends HBox {
    ContainerPickerView(ContainerFormViewModel vm) {
        setSpacing(8);
        setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        ComboBox<String> names = new ComboBox<>();
        names.setId("docker-container");
        names.setEditable(true);
        names.setPromptText("a running container's name or id");
        names.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(names, Priority.ALWAYS);
        vm.containers().addListener((javafx.collections.ListChangeListener<ContainerInfo>) c ->
                names.getItems().setAll(vm.containers().stream().map(ContainerInfo::name).toList()));
        names.valueProperty().bindBidirectional(vm.container);
        names.setTooltip(new Tooltip("memlens docker CONTAINER: vLLM inside is profiled through its API port,"
                + " transformers with the profiler script run by docker exec"));
        Button refresh = new Button("Refresh");
        refresh.setId("dockerRefresh");
        refresh.setOnAction(e -> vm.refreshContainers());
        Label status = new Label();
        status.setId("dockerStatus");
        status.getStyleClass().add("text-muted");
        status.textProperty().bind(vm.containerStatusProperty());
        Label title = new Label("Container");
        title.setMinWidth(120);
        getChildren().addAll(title, names, refresh, status);
    }
}
