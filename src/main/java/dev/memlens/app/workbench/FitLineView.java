package dev.memlens.app.workbench;

import javafx.scene.control.Label;

/**
 * The live fit line under the Profile form; styled by whether the run fits. One line that never wraps (the full
 * text is in the tooltip), so that its edits never change the form's height and move the fields being typed in.
 */
final class FitLineView extends Label {
    FitLineView(FitLineViewModel vm) {
        setId("fitLine");
        setWrapText(false);
        setMinWidth(0);
        textProperty().bind(vm.lineProperty());
        setTooltip(new javafx.scene.control.Tooltip());
        getTooltip().textProperty().bind(vm.lineProperty());
        vm.fitsProperty().addListener((o, was, now) -> style(now));
        style(vm.fitsProperty().get());
    }

    private void style(Boolean fits) {
        getStyleClass().removeAll("success", "danger", "text-muted");
        getStyleClass().add(fits == null ? "text-muted" : fits ? "success" : "danger");
    }
}
