package dev.memlens.app.workbench;

import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.controlsfx.validation.Severity;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;

/**
 * One mode's form, laid out from {@link FormLayouts}: the common fields in two columns, the rest under "Advanced".
 * Each control binds to its ViewModel property, shows its rule inline (ControlsFX) and names its flag on hover.
 * Controls have ids "{mode}-{key}" (bench-input-len).
 */
final class FormView extends VBox {
    private final ValidationSupport validation = new ValidationSupport();

    FormView(FormViewModel vm) {
        setSpacing(10);
        getStyleClass().add("profile-form");
        List<FieldSpec> specs = FormLayouts.of(vm);
        GridPane common = grid();
        GridPane advanced = grid();
        int commonIndex = 0;
        int advancedIndex = 0;
        for (FieldSpec spec : specs) {
            Control control = control(vm, spec);
            control.setId(vm.mode() + "-" + spec.key());
            Tooltip tip = new Tooltip(spec.tooltip());
            tip.setShowDelay(Duration.millis(400));
            tip.setWrapText(true);
            tip.setMaxWidth(460);
            control.setTooltip(tip);
            if (spec.kind() != FieldSpec.Kind.SWITCH) {
                validation.registerValidator(control, false, (Control c, Object value) -> {
                    String problem = vm.problemOf(spec.key());
                    return ValidationResult.fromMessageIf(c, problem == null ? "" : vm.label(spec.key()) + ": " + problem,
                            Severity.ERROR, problem != null);
                });
            }
            GridPane target = spec.advanced() ? advanced : common;
            int index = spec.advanced() ? advancedIndex++ : commonIndex++;
            place(target, index, spec.kind() == FieldSpec.Kind.SWITCH ? null : label(vm, spec, control), control);
        }
        getChildren().add(common);
        if (advancedIndex > 0) {
            TitledPane more = new TitledPane("Advanced", advanced);
            more.setId(vm.mode() + "-advanced");
            more.setExpanded(false);
            more.setAnimated(false);
            getChildren().add(more);
        }
    }

    private static GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(8);
        for (int i = 0; i < 2; i++) {
            ColumnConstraints label = new ColumnConstraints();
            label.setMinWidth(120);
            ColumnConstraints field = new ColumnConstraints();
            field.setHgrow(Priority.ALWAYS);
            field.setMinWidth(140);
            g.getColumnConstraints().addAll(label, field);
        }
        return g;
    }

    /** Two label/field pairs a row; a switch takes both cells of its pair. */
    private static void place(GridPane g, int index, Label label, Control control) {
        int row = index / 2;
        int col = (index % 2) * 2;
        if (label == null) {
            g.add(control, col, row, 2, 1);
        } else {
            g.add(label, col, row);
            g.add(control, col + 1, row);
        }
    }

    private static Label label(FormViewModel vm, FieldSpec spec, Node control) {
        Label l = new Label(vm.label(spec.key()));
        l.setLabelFor(control);
        return l;
    }

    private static Control control(FormViewModel vm, FieldSpec spec) {
        return switch (spec.kind()) {
            case SWITCH -> {
                CheckBox box = new CheckBox(vm.label(spec.key()));
                box.selectedProperty().bindBidirectional(vm.flagField(spec.key()));
                yield box;
            }
            case CHOICE -> {
                ComboBox<String> combo = new ComboBox<>();
                combo.getItems().setAll(spec.choices());
                combo.setEditable(true);
                combo.setMaxWidth(Double.MAX_VALUE);
                combo.valueProperty().bindBidirectional(vm.textField(spec.key()));
                // typing counts at once, not only on Enter: the validation and Run's state follow each key
                combo.getEditor().textProperty().addListener((o, a, t) -> {
                    if (t != null && !t.equals(vm.textField(spec.key()).get())) {
                        vm.textField(spec.key()).set(t);
                    }
                });
                yield combo;
            }
            case TEXT -> {
                TextField field = new TextField();
                field.textProperty().bindBidirectional(vm.textField(spec.key()));
                field.setPrefColumnCount(8);
                yield field;
            }
        };
    }
}
