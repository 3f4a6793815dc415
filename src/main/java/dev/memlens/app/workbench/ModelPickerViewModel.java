package dev.memlens.app.workbench;

import dev.memlens.app.task.BackgroundTask;
import dev.memlens.app.task.TaskExecutor;
import dev.memlens.core.model.HfCacheModels;
import dev.memlens.core.model.ModelSpec;
import dev.memlens.core.model.ModelSpecs;
import dev.memlens.core.units.Bytes;
import dev.memlens.core.units.MemoryUnit;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The model a run profiles: a local directory, a config.json, or a model id (offered from the local Hugging Face
 * cache). The architecture preview is read in the background; a result that arrives after the text changed again
 * is dropped.
 */
public final class ModelPickerViewModel {
    private final TaskExecutor executor;
    private final Map<String, String> environment;
    private final StringProperty model = new SimpleStringProperty("");
    private final ObservableList<String> cachedModels = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<ModelSpec> spec = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper preview = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper sourceKind = new ReadOnlyStringWrapper("");
    private long generation;

    public ModelPickerViewModel(TaskExecutor executor, Map<String, String> environment) {
        this.executor = executor;
        this.environment = Map.copyOf(environment);
        model.addListener((o, a, b) -> refreshPreview());
    }

    /** What the user typed or picked: a directory, a config.json, or "org/name". */
    public StringProperty modelProperty() {
        return model;
    }

    public ObservableList<String> cachedModels() {
        return cachedModels;
    }

    /** The architecture, or null while unknown (nothing local to read, or not read yet). */
    public ReadOnlyObjectProperty<ModelSpec> specProperty() {
        return spec.getReadOnlyProperty();
    }

    /** One line on the architecture, or why there is none. */
    public ReadOnlyStringProperty previewProperty() {
        return preview.getReadOnlyProperty();
    }

    /** "directory", "config.json", "HF cache", "download" or "" (nothing typed). */
    public ReadOnlyStringProperty sourceKindProperty() {
        return sourceKind.getReadOnlyProperty();
    }

    /** Lists the models of the local Hugging Face cache in the background. */
    public void loadCachedModels() {
        executor.submit(BackgroundTask.of("List the Hugging Face cache", () -> HfCacheModels.list(environment))
                .onSuccess(cachedModels::setAll)
                .onFailure(e -> cachedModels.clear()));
    }

    /** What vLLM's --model gets: a config.json's folder, else the text as typed. */
    public String modelArgument() {
        String t = expanded(model.get() == null ? "" : model.get().trim());
        Path p = localPath(t);
        if (p != null && Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json")) {
            Path parent = p.toAbsolutePath().getParent();
            return parent == null ? t : parent.toString();
        }
        return t;
    }

    /** "~/models/x" is a path under the home directory, as in a shell (the engine gets it spelled out). */
    private String expanded(String text) {
        return dev.memlens.core.io.HomePaths.expand(text, environment.getOrDefault("HOME", System.getProperty("user.home")));
    }

    /** The config.json the preview was read from, or null while no architecture is known. */
    public Path configFile() {
        ModelSpec s = spec.get();
        if (s == null || s.source() == null) {
            return null;
        }
        try {
            Path p = Path.of(s.source());
            return Files.isRegularFile(p) ? p : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** Re-reads the preview for the current text; called on every change. */
    public void refreshPreview() {
        long mine = ++generation;
        String t = model.get() == null ? "" : model.get().trim();
        spec.set(null);
        if (t.isEmpty()) {
            sourceKind.set("");
            preview.set("Pick a model folder, a config.json, or a model from the Hugging Face cache.");
            return;
        }
        preview.set("Reading the model's config.json …");
        executor.submit(BackgroundTask.of("Preview " + t, () -> resolve(t))
                .onSuccess(r -> {
                    if (mine == generation) {
                        spec.set(r.spec());
                        sourceKind.set(r.kind());
                        preview.set(r.spec() == null ? r.message() : describe(r.spec()));
                    }
                })
                .onFailure(e -> {
                    if (mine == generation) {
                        sourceKind.set("");
                        preview.set(String.valueOf(e.getMessage()));
                    }
                }));
    }

    private record Resolved(ModelSpec spec, String kind, String message) {
    }

    private Resolved resolve(String text) throws Exception {
        Path p = localPath(expanded(text));
        if (p != null && Files.exists(p)) {
            return new Resolved(ModelSpecs.load(p), Files.isDirectory(p) ? "directory" : "config.json", null);
        }
        if (text.matches("[\\w.-]+/[\\w.-]+") && HfCacheModels.list(environment).contains(text)) {
            return new Resolved(ModelSpecs.fromHfCache(text, environment), "HF cache", null);
        }
        if (text.startsWith("/") || text.startsWith(".") || text.startsWith("~")) {
            throw new IllegalArgumentException("Nothing at " + text + ": pick an existing model folder or config.json.");
        }
        return new Resolved(null, "download", "'" + text + "' is not in the local Hugging Face cache: vLLM will"
                + " download it, and no preview or estimate is possible until then.");
    }

    private static Path localPath(String text) {
        if (text.isEmpty() || !(text.startsWith("/") || text.startsWith(".") || text.endsWith(".json")
                || text.contains("\\"))) {
            return null;
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** "32 layers · 32 heads · 8 KV heads · 8.03 B parameters · bfloat16 · no quantization". */
    static String describe(ModelSpec s) {
        String params = s.parameterCount() >= 1_000_000_000L
                ? String.format(Locale.ROOT, "%.2f B parameters", s.parameterCount() / 1e9)
                : String.format(Locale.ROOT, "%.0f M parameters", s.parameterCount() / 1e6);
        String quant = s.quantization() == null || s.quantization().isNone() ? "no quantization"
                : s.quantization().method() + " " + s.quantization().bits() + "-bit";
        return String.format(Locale.ROOT, "%s · %d layers · %d heads · %d KV heads · %s · %s · %s · weights %s",
                s.architecture() == null ? s.modelType() : s.architecture(), s.layers(), s.attentionHeads(),
                s.kvHeads(), params, s.dtype(), quant, Bytes.format(s.weightBytes(), MemoryUnit.GIB));
    }
}
