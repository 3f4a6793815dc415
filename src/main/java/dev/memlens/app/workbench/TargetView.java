package dev.memlens.app.workbench;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The SSH host row of the Profile tab, shown only when the Target is an SSH host: the host (recent ones offered), an
 * optional ssh config file, "Test connection" and what it found. The Target choice itself sits in the toolbar
 * ({@link #choice}). Only binds to {@link TargetViewModel}.
 */
public final class TargetView extends HBox {
    /** "Target [This machine | SSH host]" for the toolbar. */
    public static HBox choice(TargetViewModel vm, javafx.beans.value.ObservableBooleanValue running) {
        Label label = new Label("Target");
        label.setMinWidth(Region.USE_PREF_SIZE);
        ChoiceBox<TargetViewModel.Target> choice = new ChoiceBox<>();
        choice.setId("targetChoice");
        choice.getItems().setAll(TargetViewModel.Target.values());
        choice.valueProperty().bindBidirectional(vm.targetProperty());
        choice.disableProperty().bind(running);
        choice.setMinWidth(Region.USE_PREF_SIZE);
        HBox box = new HBox(6, label, choice);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setMinWidth(Region.USE_PREF_SIZE);
        return box;
    }

    public TargetView(TargetViewModel vm, javafx.beans.value.ObservableBooleanValue running) {
        super(8);
        setId("targetRow");
        getStyleClass().add("target-row");
        setAlignment(Pos.CENTER_LEFT);
        Label label = new Label("SSH host");
        label.setMinWidth(Region.USE_PREF_SIZE);

        ComboBox<String> host = new ComboBox<>(vm.recentHosts());
        host.setId("hostField");
        host.setEditable(true);
        host.setPromptText("[user@]host[:port] or an ~/.ssh/config alias");
        host.setPrefWidth(240);
        host.getEditor().textProperty().bindBidirectional(vm.hostProperty());
        host.setTooltip(new Tooltip("Reached with your system ssh: its config aliases, keys, agent, ProxyJump and "
                + "known_hosts apply. MemLens never types passwords or accepts host keys."));
        TextField config = new TextField();
        config.setId("sshConfigField");
        config.setPromptText("ssh config (optional)");
        config.setPrefWidth(170);
        config.textProperty().bindBidirectional(vm.sshConfigProperty());
        Button test = new Button("Test connection");
        test.setId("testConnectionButton");
        test.setMinWidth(Region.USE_PREF_SIZE);
        test.setOnAction(e -> vm.testConnection());
        test.disableProperty().bind(vm.testingProperty().or(vm.hostProperty().isEmpty()));
        Label status = new Label();
        status.setId("targetStatus");
        status.textProperty().bind(vm.statusProperty());
        status.setWrapText(false);
        status.setMinWidth(0);
        HBox.setHgrow(status, Priority.ALWAYS);
        vm.lastTestFailedProperty().addListener((o, a, failed) -> {
            status.getStyleClass().removeAll("danger", "success");
            status.getStyleClass().add(failed ? "danger" : "success");
        });
        status.setTooltip(new Tooltip());
        status.getTooltip().textProperty().bind(vm.statusProperty());
        visibleProperty().bind(vm.remoteProperty());
        managedProperty().bind(vm.remoteProperty());
        host.disableProperty().bind(running);
        config.disableProperty().bind(running);
        getChildren().addAll(label, host, config, test, status);
    }
}
