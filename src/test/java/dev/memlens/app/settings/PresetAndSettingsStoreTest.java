package dev.memlens.app.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PresetAndSettingsStoreTest {
    @TempDir
    Path dir;

    @Test
    void presetsRoundTripSortedByNameAndReplaceBySameName() throws IOException {
        PresetStore store = new PresetStore(dir.resolve("memlens/presets.json"));
        assertEquals(List.of(), store.list());
        store.save(new FormPreset("small", "bench", Map.of("batch-size", "1")));
        store.save(new FormPreset("Big", "bench", Map.of("batch-size", "64", "enforce-eager", "true")));
        store.save(new FormPreset("small", "hf", Map.of("batch-size", "2")));
        List<FormPreset> fresh = new PresetStore(store.file()).list();
        assertEquals(List.of("Big", "small"), fresh.stream().map(FormPreset::name).toList());
        assertEquals(new FormPreset("small", "hf", Map.of("batch-size", "2")), fresh.get(1));
        store.delete("Big");
        assertEquals(List.of("small"), store.list().stream().map(FormPreset::name).toList());
        assertTrue(Files.list(store.file().getParent()).allMatch(p -> p.equals(store.file())), "no temp file left");
    }

    @Test
    void aDamagedPresetsFileIsReportedWithItsPath() throws IOException {
        Path file = dir.resolve("presets.json");
        Files.writeString(file, "[{\"name\":");
        IOException e = assertThrows(IOException.class, () -> new PresetStore(file).list());
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("delete it"), e.getMessage());
    }

    @Test
    void settingsRoundTripAndADamagedFileMeansDefaults() throws IOException {
        SettingsStore store = new SettingsStore(dir.resolve("settings.json"));
        assertEquals(WorkbenchSettings.EMPTY, store.load());
        WorkbenchSettings s = WorkbenchSettings.EMPTY
                .withWindow(new WorkbenchSettings.WindowBounds(10, 20, 1200, 800, false))
                .withForm("bench", Map.of("batch-size", "8"))
                .withForm("api", Map.of("api-url", "http://gpu:8000"));
        store.save(s);
        assertEquals(s, store.load());
        assertEquals("api", store.load().lastMode());
        Files.writeString(store.file(), "{not json");
        assertEquals(WorkbenchSettings.EMPTY, store.load());
    }
}
