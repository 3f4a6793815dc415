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
import atlantafx.base.theme.Styles;
import javafx.geometry.VPos;

/**
 * One mode's form, laid out from {@link FormLayouts}: the common fields in two columns, the rest under "Advanced".
 * Each control binds to its ViewModel property, names its flag on hover, and has its problem on a line of its own
 * right under it ("{mode}-{key}-problem"); that line keeps its height when empty, so typing never moves the form.
 * Controls have ids "{mode}-{key}" (bench-input-len).
 */
final class FormView extends VBox {
    FormView(FormViewModel vm) {
        setSpacing(6);
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
            GridPane target = spec.advanced() ? advanced : common;
            int index = spec.advanced() ? advancedIndex++ : commonIndex++;
            if (spec.kind() == FieldSpec.Kind.SWITCH) {
                place(target, index, null, control);
            } else {
                place(target, index, label(vm, spec, control), withProblemLine(vm, spec.key(), control));
            }
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
        g.setVgap(3);
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

    /** The control over the line that says what is wrong with its value; the control turns red meanwhile. */
    static VBox withProblemLine(FormViewModel vm, String key, Control control) {
        Label problem = new Label();
        problem.setId(control.getId() + "-problem");
        problem.getStyleClass().add("field-problem");
        problem.textProperty().bind(vm.fieldProblemProperty(key));
        Tooltip full = new Tooltip();
        full.textProperty().bind(problem.textProperty());
        problem.tooltipProperty().bind(javafx.beans.binding.Bindings.when(problem.textProperty().isEmpty())
                .then((Tooltip) null).otherwise(full));
        vm.fieldProblemProperty(key).addListener((o, a, p) -> control.pseudoClassStateChanged(Styles.STATE_DANGER,
                !p.isEmpty()));
        control.pseudoClassStateChanged(Styles.STATE_DANGER, !vm.fieldProblemProperty(key).get().isEmpty());
        // a field with a note (the detected vLLM version) shows it on the same line while it has no problem
        javafx.beans.value.ObservableStringValue noteText = vm.fieldNoteProperty(key);
        Label note = new Label();
        note.setId(control.getId() + "-note");
        note.getStyleClass().add("field-note");
        note.textProperty().bind(noteText);
        note.visibleProperty().bind(problem.textProperty().isEmpty());
        note.setMaxWidth(Double.MAX_VALUE);
        Tooltip noteFull = new Tooltip();
        noteFull.textProperty().bind(noteText);
        note.tooltipProperty().bind(javafx.beans.binding.Bindings.when(note.textProperty().isEmpty())
                .then((Tooltip) null).otherwise(noteFull));
        javafx.scene.layout.StackPane line = new javafx.scene.layout.StackPane(note, problem);
        line.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox cell = new VBox(1, control, line);
        control.setMaxWidth(Double.MAX_VALUE);
        return cell;
    }

    /** Two label/field pairs a row; a switch takes both cells of its pair. */
    private static void place(GridPane g, int index, Label label, Node control) {
        int row = index / 2;
        int col = (index % 2) * 2;
        if (label == null) {
            g.add(control, col, row, 2, 1);
        } else {
            GridPane.setValignment(label, VPos.TOP);
            label.getStyleClass().add("field-label");
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
