package dev.memlens.app.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.app.task.SameThreadTaskExecutor;
import dev.memlens.testutil.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model picker over a Hugging Face cache laid out in a temp folder (HF_HOME), without the toolkit. */
class HfCacheModelPickerTest {
    @TempDir
    Path dir;

    @Test
    void listsTheCachedModelsAndPreviewsOneFromItsSnapshot() throws Exception {
        Path repo = dir.resolve("hub/models--meta-llama--Meta-Llama-3-8B");
        Path snapshot = Files.createDirectories(repo.resolve("snapshots/abc123"));
        Files.copy(Resources.path("workbench/llama3-8b/config.json"), snapshot.resolve("config.json"));
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), "abc123");
        Files.createDirectories(dir.resolve("hub/models--Qwen--Qwen2.5-0.5B"));
        Files.createDirectories(dir.resolve("hub/datasets--x--y"));
        ModelPickerViewModel picker = new ModelPickerViewModel(new SameThreadTaskExecutor(), Map.of("HF_HOME", dir.toString()));
        picker.loadCachedModels();
        assertEquals(List.of("meta-llama/Meta-Llama-3-8B", "Qwen/Qwen2.5-0.5B"), picker.cachedModels());
        picker.modelProperty().set("meta-llama/Meta-Llama-3-8B");
        assertEquals("HF cache", picker.sourceKindProperty().get());
        assertTrue(picker.previewProperty().get().contains("32 layers"), picker.previewProperty().get());
        assertEquals("meta-llama/Meta-Llama-3-8B", picker.modelArgument(), "vLLM finds a cached id itself");
        picker.modelProperty().set("someone/not-downloaded");
        assertEquals("download", picker.sourceKindProperty().get());
        assertTrue(picker.previewProperty().get().contains("vLLM will download it"), picker.previewProperty().get());
        picker.modelProperty().set("/no/such/folder");
        assertTrue(picker.previewProperty().get().startsWith("Nothing at /no/such/folder"), picker.previewProperty().get());
    }

    @Test
    void aPathUnderTheHomeDirectoryCanBeWrittenWithATilde() throws Exception {
        Path model = Files.createDirectories(dir.resolve("models/llama3-8b"));
        Files.copy(Resources.path("workbench/llama3-8b/config.json"), model.resolve("config.json"));
        ModelPickerViewModel picker = new ModelPickerViewModel(new SameThreadTaskExecutor(), Map.of("HOME", dir.toString()));
        picker.modelProperty().set("~/models/llama3-8b/config.json");
        assertEquals("config.json", picker.sourceKindProperty().get());
        assertTrue(picker.previewProperty().get().contains("32 layers"), picker.previewProperty().get());
        assertEquals(model.toAbsolutePath().toString(), picker.modelArgument(), "the engine gets the path spelled out");
        picker.modelProperty().set("~/models/llama3-8b");
        assertEquals("directory", picker.sourceKindProperty().get());
        assertEquals(model.toString(), picker.modelArgument());
    }
}
