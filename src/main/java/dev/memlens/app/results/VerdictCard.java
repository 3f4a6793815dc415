package dev.memlens.app.results;

import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** The answer the user came for: within the tolerance or not, by how much. */
final class VerdictCard extends VBox {
    private static final String[] STYLES = {"verdict-ok", "verdict-warn", "verdict-bad", "verdict-none"};

    VerdictCard(ResultsViewModel vm) {
        setSpacing(2);
        getStyleClass().add("verdict-card");
        Label title = new Label("VERDICT");
        title.getStyleClass().add("section-title");
        Label verdict = new Label();
        verdict.setId("verdictLabel");
        verdict.getStyleClass().add("verdict-text");
        verdict.textProperty().bind(vm.verdictTextProperty());
        Label detail = new Label();
        detail.setId("verdictDetail");
        detail.setWrapText(true);
        detail.textProperty().bind(vm.verdictDetailProperty());
        getChildren().addAll(title, verdict, detail);
        vm.verdictStyleProperty().addListener((o, a, style) -> restyle(style));
        restyle(vm.verdictStyleProperty().get());
    }

    private void restyle(String style) {
        getStyleClass().removeAll(STYLES);
        getStyleClass().add("verdict-" + style);
    }
}
