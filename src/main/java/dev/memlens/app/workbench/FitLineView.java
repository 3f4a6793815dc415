package dev.memlens.app.workbench;

import javafx.scene.control.Label;

/** The live fit line under the Profile form; styled by whether the run fits. */
final class FitLineView extends Label {
    FitLineView(FitLineViewModel vm) {
        setId("fitLine");
        setWrapText(true);
        textProperty().bind(vm.lineProperty());
        vm.fitsProperty().addListener((o, was, now) -> style(now));
        style(vm.fitsProperty().get());
    }

    private void style(Boolean fits) {
        getStyleClass().removeAll("success", "danger", "text-muted");
        getStyleClass().add(fits == null ? "text-muted" : fits ? "success" : "danger");
    }
}
