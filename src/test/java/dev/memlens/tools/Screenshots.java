package dev.memlens.tools;

import dev.memlens.app.MemLensApp;
import dev.memlens.app.main.MainView;
import dev.memlens.app.main.MainViewModel;
import dev.memlens.app.task.SameThreadTaskExecutor;
import dev.memlens.core.report.CalculatorValues;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.report.RunStatus;
import dev.memlens.core.report.library.RunLibrary;
import dev.memlens.core.report.library.SavedRuns;
import java.time.Instant;
import java.util.Map;
import javafx.scene.control.TabPane;
import dev.memlens.core.settings.RecentFiles;
import dev.memlens.core.units.MemoryUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Renders the documentation screenshots headless (Monocle, software pipeline):
 * {@code java -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw -cp ... dev.memlens.tools.Screenshots docs/screenshots}.
 * The history is filled from the bundled sample under several names, statuses and calculator values, in a
 * temporary folder.
 */
public final class Screenshots {
    private Screenshots() {
    }

    static void saveExampleRuns(RunLibrary runs) throws java.io.IOException {
        long gb = 1_000_000_000L;
        Instant t = Instant.parse("2025-03-10T09:15:00Z");
        runs.save(SavedRuns.run("Llama-2-7B", "hf", t, RunStatus.COMPLETED, null).withCalculator(new CalculatorValues(Map.of(
                MemoryComponent.WEIGHTS, 13_480_000_000L, MemoryComponent.KV_CACHE, 2_150_000_000L,
                MemoryComponent.ACTIVATIONS, 270_000_000L, MemoryComponent.FRAMEWORK_OVERHEAD, 4_900_000_000L), null, "llm-sizer")));
        runs.save(SavedRuns.withLargerKv(SavedRuns.run("Llama-2-7B", "hf", t.plusSeconds(3_600), RunStatus.COMPLETED, null),
                2.5, 1.3).withCalculator(new CalculatorValues(Map.of(MemoryComponent.WEIGHTS, 13_480_000_000L,
                        MemoryComponent.KV_CACHE, 2_150_000_000L, MemoryComponent.ACTIVATIONS, 270_000_000L,
                        MemoryComponent.FRAMEWORK_OVERHEAD, 2_340_000_000L), null, "llm-sizer")));
        runs.save(SavedRuns.run("meta-llama/Llama-3.1-8B-Instruct", "bench", t.plusSeconds(86_400), RunStatus.INTERRUPTED, null));
        runs.save(SavedRuns.run("Qwen/Qwen2.5-7B-Instruct", "api", t.plusSeconds(2 * 86_400), RunStatus.CANCELLED, 21 * gb));
        runs.save(SavedRuns.run("mistralai/Mistral-7B-v0.3", "docker", t.plusSeconds(3 * 86_400), RunStatus.FAILED, null));
        Files.writeString(runs.directory().resolve("20250301-120000Z-truncated.json"), "{\"model_info\": {");
    }

    /** The window's screenshots: {@link AppScreenshots} renders them at 1280×720 and 1920×1080. */
    public static void main(String[] args) throws Exception {
        AppScreenshots.main(args);
    }

}
