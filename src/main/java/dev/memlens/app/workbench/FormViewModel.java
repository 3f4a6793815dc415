package dev.memlens.app.workbench;

import dev.memlens.core.estimate.EstimateRequest;
import dev.memlens.core.gpu.GpuSources;
import dev.memlens.core.run.Workload;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.Observable;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.Property;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The state of one mode's form: each field a property keyed by the command-line option it sets, a rule per field,
 * every problem in words (the first alone for Run's state), and the workload the values describe. Views bind to the properties; presets and
 * the remembered values go through {@link #values()} and {@link #apply(Map)}.
 */
public abstract class FormViewModel {
    private final Map<String, Property<?>> fields = new LinkedHashMap<>();
    private final Map<String, Function<String, String>> rules = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, ReadOnlyStringWrapper> fieldProblems = new LinkedHashMap<>();
    /** Fields shown above the form (the model picker): their problems are listed first, as they are seen first. */
    private final java.util.Set<String> sharedKeys = new java.util.LinkedHashSet<>();
    /** Fields of this machine, not of the run (the detected vLLM version): not in presets nor the last values. */
    private final java.util.Set<String> unsavedKeys = new java.util.HashSet<>();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<List<String>> problems = new ReadOnlyObjectWrapper<>(List.of());
    private BooleanBinding valid;
    /** The session options every mode shares (memlens's --timeout, --interval-ms and --source). */
    public final StringProperty timeoutSeconds = text("timeout", "Time limit (s)", "",
            FieldRules.integerAtLeast(1, true));
    public final StringProperty intervalMs = text("interval-ms", "Sampling interval (ms)", "100",
            FieldRules.integerAtLeast(1, false));
    public final StringProperty gpuSource = text("source", "GPU source", GpuSources.AUTO, GpuSources::validate);

    /** "bench", "api", "hf" or "docker": the CLI verb this form matches. */
    public abstract String mode();

    /** The name the form is shown under: "Bench", "API", ... */
    public abstract String title();

    /** The model the run profiles, as shown in history; empty when the form does not know it yet. */
    public abstract String modelName();

    /** The workload the form describes; call only when {@link #validProperty()} is true. */
    public abstract Workload createWorkload();

    /**
     * What the built-in estimator needs beyond the model's architecture, or null when the form's mode has no
     * estimate (a server whose engine settings MemLens does not know).
     */
    public abstract EstimateRequest estimateRequest();

    /**
     * The share of each GPU the engine reserves for itself (vLLM's --gpu-memory-utilization) as the run starts, drawn
     * as the budget line; null when the mode's engine has no such setting or MemLens does not know it (a server
     * started elsewhere).
     */
    public dev.memlens.core.vllm.breakdown.EngineBudget engineBudget() {
        return null;
    }

    /** A text field with its rule (null text counts as empty); the rule returns null when the text is fine. */
    protected final StringProperty text(String key, String label, String initial, Function<String, String> rule) {
        StringProperty p = new SimpleStringProperty(initial);
        register(key, label, p, rule);
        return p;
    }

    /** A field owned elsewhere (the shared model picker), validated and saved with this form. */
    protected final StringProperty shared(String key, String label, StringProperty p, Function<String, String> rule) {
        sharedKeys.add(key);
        register(key, label, p, rule);
        return p;
    }

    protected final BooleanProperty flag(String key, String label, boolean initial) {
        BooleanProperty p = new SimpleBooleanProperty(initial);
        register(key, label, p, null);
        return p;
    }

    private void register(String key, String label, Property<?> p, Function<String, String> rule) {
        fields.put(key, p);
        labels.put(key, label);
        fieldProblems.put(key, new ReadOnlyStringWrapper(""));
        if (rule != null) {
            rules.put(key, rule);
        }
        p.addListener((o, a, b) -> revalidate());
    }

    /** Call at the end of the subclass constructor: computes the first problem and the valid binding. */
    protected final void finishFields() {
        revalidate();
        valid = new BooleanBinding() {
            {
                bind(problem);
            }

            @Override
            protected boolean computeValue() {
                return problem.get().isEmpty();
            }
        };
    }

    /** Extra checks across fields; return null when the combination is fine. */
    protected String crossFieldProblem() {
        return null;
    }

    /** Re-checks the rules; subclasses call it when something outside the fields changes (the picked container). */
    protected final void revalidate() {
        List<String> all = new java.util.ArrayList<>();
        List<String> order = new java.util.ArrayList<>(sharedKeys);
        fields.keySet().stream().filter(k -> !sharedKeys.contains(k)).forEach(order::add);
        for (String key : order) {
            String p = problemOf(key);
            fieldProblems.get(key).set(p == null ? "" : p);
            if (p != null) {
                all.add(labels.get(key) + ": " + p);
            }
        }
        String cross = crossFieldProblem();
        if (cross != null) {
            all.add(cross);
        }
        problems.set(List.copyOf(all));
        problem.set(all.isEmpty() ? "" : all.get(0));
    }

    /** A line of information under a field when it has no problem (the vLLM version's "detected"); empty: none. */
    public ReadOnlyStringProperty fieldNoteProperty(String key) {
        return NO_NOTE;
    }

    private static final ReadOnlyStringProperty NO_NOTE = new ReadOnlyStringWrapper("").getReadOnlyProperty();

    /** Which engine version's rules the estimate uses, named on the fit line; null when the mode has none. */
    public String rulesNote() {
        return null;
    }

    /** One field's problem without its label ("'0' must be 1 or more"), empty when fine: shown next to the field. */
    public ReadOnlyStringProperty fieldProblemProperty(String key) {
        ReadOnlyStringWrapper w = fieldProblems.get(key);
        return w == null ? new ReadOnlyStringWrapper("").getReadOnlyProperty() : w.getReadOnlyProperty();
    }

    /** Every problem of the form, each with its field's label, in form order; the summary lists them. */
    public ReadOnlyObjectProperty<List<String>> problemsProperty() {
        return problems.getReadOnlyProperty();
    }

    /** The problem of one field in words, or null when it is fine (the view's inline validation asks this). */
    public String problemOf(String key) {
        Function<String, String> rule = rules.get(key);
        if (rule == null) {
            return null;
        }
        Object v = fields.get(key).getValue();
        return rule.apply(v == null ? "" : v.toString());
    }

    /** The first problem of the form ("Input length: '0' must be 1 or more"), empty when it can run. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public BooleanBinding validProperty() {
        return valid;
    }

    public StringProperty textField(String key) {
        return (StringProperty) fields.get(key);
    }

    public BooleanProperty flagField(String key) {
        return (BooleanProperty) fields.get(key);
    }

    public String label(String key) {
        return labels.get(key);
    }

    public List<String> keys() {
        return List.copyOf(fields.keySet());
    }

    /** Every saved field's value as text, in form order (presets and the last-used values). */
    public Map<String, String> values() {
        Map<String, String> m = new LinkedHashMap<>();
        fields.forEach((k, p) -> {
            if (!unsavedKeys.contains(k)) {
                m.put(k, p.getValue() == null ? "" : p.getValue().toString());
            }
        });
        return m;
    }

    /** Keeps a field out of presets and the last-used values. */
    protected final void notSaved(String key) {
        unsavedKeys.add(key);
    }

    /** Sets the fields named in the map; unknown keys (from an older MemLens) are ignored. */
    public void apply(Map<String, String> values) {
        values.forEach((k, v) -> {
            Property<?> p = unsavedKeys.contains(k) ? null : fields.get(k);
            if (p instanceof BooleanProperty b) {
                b.set(Boolean.parseBoolean(v));
            } else if (p instanceof StringProperty s) {
                s.set(v == null ? "" : v);
            }
        });
    }

    Observable[] observables() {
        return fields.values().toArray(Observable[]::new);
    }
}
