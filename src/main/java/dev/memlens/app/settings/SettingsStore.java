package dev.memlens.app.settings;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.memlens.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes {@code $XDG_CONFIG_HOME/memlens/settings.json} (atomically). */
public final class SettingsStore {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Path file;

    public SettingsStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The saved settings; a missing or damaged file gives {@link WorkbenchSettings#EMPTY} (settings are a convenience). */
    public WorkbenchSettings load() {
        if (!Files.isRegularFile(file)) {
            return WorkbenchSettings.EMPTY;
        }
        try {
            WorkbenchSettings s = JSON.readValue(file.toFile(), WorkbenchSettings.class);
            return s == null ? WorkbenchSettings.EMPTY : s;
        } catch (IOException | RuntimeException e) {
            return WorkbenchSettings.EMPTY;
        }
    }

    public void save(WorkbenchSettings settings) throws IOException {
        AtomicFiles.write(file, JSON.writeValueAsBytes(settings));
    }
}
