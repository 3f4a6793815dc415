package dev.memlens.app.settings;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.memlens.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The user's named presets of form values, kept in one JSON file ({@code $XDG_CONFIG_HOME/memlens/presets.json});
 * every change rewrites the file atomically. Not thread-safe: the app calls it from one background task at a time.
 */
public final class PresetStore {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Path file;

    public PresetStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The presets sorted by name; an absent file is an empty list. */
    public List<FormPreset> list() throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<FormPreset> presets;
        try {
            presets = JSON.readValue(file.toFile(), new TypeReference<List<FormPreset>>() { });
        } catch (IOException e) {
            throw new IOException("The presets file " + file + " cannot be read (" + e.getMessage()
                    + "). Fix or delete it; MemLens writes a new one when you save a preset.", e);
        }
        List<FormPreset> sorted = new ArrayList<>(presets == null ? List.of() : presets);
        sorted.sort(Comparator.comparing(FormPreset::name, String.CASE_INSENSITIVE_ORDER));
        return sorted;
    }

    /** Saves the preset, replacing one of the same name; returns the new list. */
    public List<FormPreset> save(FormPreset preset) throws IOException {
        List<FormPreset> all = new ArrayList<>(list());
        all.removeIf(p -> p.name().equals(preset.name()));
        all.add(preset);
        all.sort(Comparator.comparing(FormPreset::name, String.CASE_INSENSITIVE_ORDER));
        write(all);
        return List.copyOf(all);
    }

    /** Deletes the preset of that name, if there is one; returns the new list. */
    public List<FormPreset> delete(String name) throws IOException {
        List<FormPreset> all = new ArrayList<>(list());
        if (all.removeIf(p -> p.name().equals(name))) {
            write(all);
        }
        return List.copyOf(all);
    }

    private void write(List<FormPreset> presets) throws IOException {
        AtomicFiles.write(file, JSON.writeValueAsBytes(presets));
    }
}
