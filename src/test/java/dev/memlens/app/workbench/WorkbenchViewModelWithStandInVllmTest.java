package dev.memlens.app.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.app.settings.SettingsStore;
import dev.memlens.app.task.SameThreadTaskExecutor;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunStatus;
import dev.memlens.testsupport.StandInExecutables;
import dev.memlens.testutil.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workbench without the toolkit: same-thread tasks and events applied where they arrive, against the stand-in
 * `vllm` and `nvidia-smi` (the environment goes through WorkbenchServices; the JVM's own is never touched).
 */
class WorkbenchViewModelWithStandInVllmTest {
    @TempDir
    Path dir;
    private Map<String, String> env;
    private final List<RunResult> ended = new ArrayList<>();
    private WorkbenchViewModel wb;
    private Path config;

    @BeforeEach
    void setUp() {
        StandInExecutables bin = new StandInExecutables(dir);
        bin.install("/run/bench/stand-in-vllm.sh", "vllm");
        bin.install("/gpu/standins/nvidia-smi", "nvidia-smi");
        env = new HashMap<>(bin.environment());
        env.put("STANDIN_VLLM_DIR", Resources.path("run/bench").toString());
        env.put("STANDIN_STATE", dir.toString());
        env.put("HOME", dir.resolve("home").toString());
        config = Resources.path("workbench/llama3-8b/config.json");
        wb = workbench(env);
    }

    private WorkbenchViewModel workbench(Map<String, String> environment) {
        return new WorkbenchViewModel(new WorkbenchServices(environment, dir.resolve("runs"), dir.resolve("config"), null),
                new SameThreadTaskExecutor(), Runnable::run, ended::add);
    }

    private void fillBench() {
        wb.modelPicker().modelProperty().set(config.toString());
        BenchFormViewModel b = wb.bench();
        b.inputLen.set("512");
        b.outputLen.set("128");
        b.batchSize.set("8");
        b.intervalMs.set("20");
    }

    @Test
    void theModelPreviewAndTheGpusAreReadFromTheirSources() {
        wb.start();
        fillBench();
        assertEquals("config.json", wb.modelPicker().sourceKindProperty().get());
        String preview = wb.modelPicker().previewProperty().get();
        assertTrue(preview.contains("32 layers") && preview.contains("8 KV heads") && preview.contains("bfloat16"), preview);
        assertEquals(config.getParent().toString(), wb.modelPicker().modelArgument(), "vLLM gets the config's folder");
        assertEquals(3, wb.gpuPicker().choices().size(), "all, GPU0, GPU1");
        assertEquals("NVIDIA H200", wb.gpuPicker().choices().get(1).name());
        assertTrue(wb.gpuPicker().statusProperty().get().startsWith("2 GPUs via nvidia-smi"), wb.gpuPicker().statusProperty().get());
    }

    @Test
    void theBenchFormKnowsTheVersionOfTheVllmOnPathBeforeAnythingRuns() {
        assertEquals("0.19.0", wb.bench().vllmVersion.get(), "the stand-in answers --version as vLLM 0.19.0 does");
        assertEquals("vLLM 0.19.0 (detected)", wb.bench().fieldNoteProperty("vllm-version").get());
        fillBench();
        wb.gpuPicker().detect();
        wb.gpuPicker().selectedProperty().set(wb.gpuPicker().choices().get(1));
        assertTrue(wb.fitLine().lineProperty().get().endsWith("; vLLM 0.19.0 rules)"),
                wb.fitLine().lineProperty().get());
        assertEquals(0.9, wb.bench().engineBudget().share(), "0.19's default budget before the log says better");
    }

    @Test
    void withoutAGpuToolThePickerSaysSoPlainly() {
        WorkbenchViewModel none = workbench(Map.of("PATH", dir.resolve("empty").toString(), "HOME", dir.toString()));
        none.gpuPicker().detect();
        assertTrue(none.gpuPicker().statusProperty().get().startsWith("No GPU tool found"), none.gpuPicker().statusProperty().get());
        assertEquals(List.of(GpuChoice.ALL), none.gpuPicker().choices());
    }

    @Test
    void runIsBlockedWithTheReasonUntilTheFormIsValid() {
        assertFalse(wb.canRunProperty().get());
        assertTrue(wb.runBlockedReasonProperty().get().startsWith("Model: give a model"), wb.runBlockedReasonProperty().get());
        fillBench();
        wb.bench().batchSize.set("0");
        assertEquals("Batch size: '0' must be 1 or more", wb.runBlockedReasonProperty().get());
        wb.bench().batchSize.set("8");
        assertTrue(wb.canRunProperty().get());
        wb.selectedFormProperty().set(wb.container());
        assertEquals("Container: give a running container", wb.runBlockedReasonProperty().get());
    }

    @Test
    void aCompletedBenchRunIsSavedWithTheEstimatorsValuesAndFormulas() throws Exception {
        wb.start();
        fillBench();
        wb.runSelected();
        assertEquals(1, ended.size());
        RunResult r = ended.get(0);
        ProfileReport report = r.outcome().report();
        assertEquals(RunStatus.COMPLETED, report.status());
        assertTrue(Files.isRegularFile(r.outcome().savedTo()), "saved into the run library");
        assertEquals(EstimatedCalculator.SOURCE, report.calculator().source());
        assertTrue(report.calculator().components().get(MemoryComponent.WEIGHTS) > 15e9, "8B parameters in bf16");
        assertNotNull(r.estimate());
        assertTrue(r.estimate().formulas().get(MemoryComponent.KV_CACHE).length() > 10, r.estimate().formulas().toString());
        assertFalse(wb.run().runningProperty().get());
        assertEquals("Completed", wb.run().phaseProperty().get());
        assertEquals(1.0, wb.run().progressProperty().get());
        assertTrue(wb.run().log().size() > 10, "the workload's output is in the log");
        assertTrue(r.summary("Bench").startsWith("Bench run completed · saved to "), r.summary("Bench"));
        assertEquals("8", new SettingsStore(dir.resolve("config/settings.json")).load().lastValues().get("bench").get("batch-size"),
                "the last-used values are remembered");
    }

    @Test
    void anOutOfMemoryLineIsFlaggedInTheLogAndTheFilterFindsIt() {
        env.put("STANDIN_VLLM_MODE", "oom");
        wb = workbench(env);
        fillBench();
        wb.runSelected();
        assertEquals(RunStatus.FAILED, ended.get(0).status());
        List<LogEntry> failures = wb.run().log().stream().filter(LogEntry::isFailure).toList();
        assertFalse(failures.isEmpty(), "the CUDA out-of-memory line is recognised");
        assertTrue(failures.get(0).text().contains("out of memory"), failures.get(0).text());
        assertFalse(failures.get(0).advice().isBlank());
        wb.run().logFilterProperty().set("OUT OF MEMORY");
        assertTrue(wb.run().filteredLog().stream().allMatch(e -> e.text().toLowerCase().contains("out of memory")));
        assertFalse(wb.run().filteredLog().isEmpty());
    }

    @Test
    void presetsSaveLoadAndDelete() {
        fillBench();
        wb.bench().batchSize.set("32");
        wb.presets().nameProperty().set("llama b32");
        wb.presets().saveCurrent();
        wb.bench().batchSize.set("1");
        wb.selectedFormProperty().set(wb.api());
        WorkbenchViewModel again = workbench(env);
        again.presets().refresh();
        assertEquals(1, again.presets().presets().size());
        again.presets().selectedProperty().set(again.presets().presets().get(0));
        again.presets().loadSelected();
        assertEquals("32", again.bench().batchSize.get());
        assertEquals(config.toString(), again.modelPicker().modelProperty().get());
        assertEquals(again.bench(), again.selectedFormProperty().get());
        again.presets().deleteSelected();
        assertTrue(again.presets().presets().isEmpty());
    }

    @Test
    void settingsRestoreTheLastModeAndValues() throws Exception {
        fillBench();
        wb.api().baseUrl.set("http://gpu-box:8001");
        wb.selectedFormProperty().set(wb.api());
        wb.saveSettingsNow(new dev.memlens.app.settings.WorkbenchSettings.WindowBounds(5, 6, 1000, 700, false));
        WorkbenchViewModel again = workbench(env);
        List<Object> loaded = new ArrayList<>();
        again.loadSettings(loaded::add);
        assertEquals(again.api(), again.selectedFormProperty().get());
        assertEquals("http://gpu-box:8001", again.api().baseUrl.get());
        assertEquals("8", again.bench().batchSize.get());
        assertEquals(1000, again.settings().window().width());
    }
}
