package dev.memlens.app.results;

import dev.memlens.core.report.HumanNames;
import dev.memlens.core.report.MemoryComponent;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import atlantafx.base.theme.Styles;

/**
 * Where the user types a calculator's values (per component, or only a total) with inline validation, the GB/GiB
 * switch and the tolerance the verdict uses.
 */
final class CalculatorPanel extends VBox {
    static String fieldId(MemoryComponent c) {
        return switch (c) {
            case WEIGHTS -> "calcWeights";
            case KV_CACHE -> "calcKv";
            case ACTIVATIONS -> "calcActivations";
            case FRAMEWORK_OVERHEAD -> "calcOverhead";
        };
    }

    CalculatorPanel(ResultsViewModel vm) {
        setSpacing(8);
        setPadding(new Insets(8, 0, 8, 0));
        getStyleClass().add("calculator-panel");
        Label title = new Label("CALCULATOR VALUES");
        title.getStyleClass().add("section-title");

        // the GB/GiB switch is the main window's: one unit for every view
        HBox header = new HBox(8, title);
        header.getStyleClass().add("calculator-header");

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        int row = 0;
        for (MemoryComponent c : MemoryComponent.values()) {
            TextField field = sizeField(fieldId(c), vm.calculatorField(c).get());
            field.textProperty().bindBidirectional(vm.calculatorField(c));
            field.setTooltip(formulaTooltip("The calculator's value for " + c.displayName(), vm.calculatorFormula(c)));
            markWhenInvalid(vm, field);
            // the swatch doubles as the breakdown chart's legend
            javafx.scene.layout.Region swatch = new javafx.scene.layout.Region();
            swatch.getStyleClass().addAll("swatch", "swatch-" + c.ordinal());
            Label name = new Label(c.displayName(), swatch);
            grid.addRow(row++, name, field, unitLabel(vm));
        }
        TextField total = sizeField("calcTotal", vm.calculatorTotalProperty().get());
        total.textProperty().bindBidirectional(vm.calculatorTotalProperty());
        total.setPromptText("sum");
        total.setTooltip(formulaTooltip("The calculator's total. Leave empty to use the sum of the four components.",
                vm.calculatorTotalFormula()));
        markWhenInvalid(vm, total);
        Label totalLabel = new Label(HumanNames.TOTAL);
        totalLabel.getStyleClass().add("text-bold");
        grid.addRow(row, totalLabel, total, unitLabel(vm));

        Label problem = new Label();
        problem.setId("calculatorProblem");
        problem.getStyleClass().add("danger-text");
        problem.textProperty().bind(vm.inputProblemProperty());
        problem.visibleProperty().bind(vm.inputProblemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        problem.setWrapText(true);

        Label promise = new Label();
        promise.setId("tolerancePromise");
        promise.getStyleClass().add("text-muted");
        promise.setWrapText(true);
        promise.textProperty().bind(vm.tolerancePctProperty().asString(Locale.ROOT,
                "The scripts promise the measured total within ±%.0f %% of the calculator's total."));
        Label source = new Label();
        source.setId("calculatorSource");
        source.getStyleClass().add("text-muted");
        source.textProperty().bind(javafx.beans.binding.Bindings.concat("Source: ", vm.calculatorSourceProperty()));
        getChildren().addAll(header, grid, problem, promise, source);
    }

    /** The formula when the estimator filled the field, else the plain explanation. */
    private static Tooltip formulaTooltip(String plain, javafx.beans.value.ObservableStringValue formula) {
        Tooltip t = new Tooltip();
        t.setWrapText(true);
        t.setMaxWidth(520);
        t.setShowDuration(javafx.util.Duration.seconds(30));
        t.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> formula.get().isEmpty() ? plain
                : "memlens estimator:\n" + formula.get(), formula));
        return t;
    }

    private static TextField sizeField(String id, String initial) {
        TextField f = new TextField(initial);
        f.setId(id);
        f.setPrefColumnCount(7);
        f.setPromptText("—");
        return f;
    }

    private static Label unitLabel(ResultsViewModel vm) {
        Label l = new Label();
        l.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> vm.unitProperty().get().label(),
                vm.unitProperty()));
        return l;
    }

    /** The field turns red while its text is not a size; the problem line under the fields says why. */
    private static void markWhenInvalid(ResultsViewModel vm, TextField field) {
        field.textProperty().addListener((o, a, text) -> field.pseudoClassStateChanged(Styles.STATE_DANGER,
                vm.problemOf(text) != null));
    }
}
