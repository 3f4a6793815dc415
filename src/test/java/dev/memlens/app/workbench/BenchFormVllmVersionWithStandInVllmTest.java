package dev.memlens.app.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.app.task.SameThreadTaskExecutor;
import dev.memlens.core.estimate.VllmVersions;
import dev.memlens.core.vllm.breakdown.EngineBudget;
import dev.memlens.testsupport.StandInExecutables;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Bench form asks the configured vLLM for its version the way a shell would ({@code vllm --version}, stand-in
 * executables on PATH) and its estimate, budget line and fit line use that version's rules; a vLLM that does not
 * answer within the timeout leaves the newest rules, said so.
 */
class BenchFormVllmVersionWithStandInVllmTest {
    @TempDir
    Path dir;
    private StandInExecutables bin;
    private final StringProperty model = new SimpleStringProperty("meta-llama/Llama-3.1-8B-Instruct");
    private BenchFormViewModel form;
    private final javafx.beans.property.ObjectProperty<TargetViewModel.Target> target =
            new javafx.beans.property.SimpleObjectProperty<>(TargetViewModel.Target.THIS_MACHINE);

    @BeforeEach
    void setUp() {
        bin = new StandInExecutables(dir);
        form = new BenchFormViewModel(model, () -> model.get().trim());
    }

    private VllmVersionDetection detection(Duration timeout) {
        return new VllmVersionDetection(form, target, new SameThreadTaskExecutor(), bin.environment(), timeout);
    }

    @Test
    void theVersionVllmAnswersIsShownAsDetectedAndItsRulesApply() {
        // vLLM prints platform notes before the version, as 0.19 does
        bin.write("vllm", "[ \"$1\" = --version ] || exit 2\n"
                + "echo 'INFO 11-27 20:00:00 [__init__.py:216] Automatically detected platform cuda.'\necho 0.19.1\n");
        detection(Duration.ofSeconds(30)).detect();
        assertEquals("0.19.1", form.vllmVersion.get());
        assertEquals("vLLM 0.19.1 (detected)", form.fieldNoteProperty("vllm-version").get());
        assertEquals(EngineBudget.versionDefault("0.19.1"), form.engineBudget());
        assertEquals(0.9, form.estimateRequest().gpuMemoryUtilization(), "0.19's default, not the newest 0.92");
        assertFalse(form.estimateRequest().cudaGraphsInBudget(), "before 0.21 graphs are on top of the budget");
        assertEquals("vLLM 0.19.1 rules", form.rulesNote());

        form.vllmVersion.set("0.21.0");
        assertEquals("vLLM 0.21.0 (as typed)", form.fieldNoteProperty("vllm-version").get());
        assertEquals("vLLM 0.21.0 rules", form.rulesNote());
        assertEquals(0.92, form.estimateRequest().gpuMemoryUtilization());
        assertTrue(form.estimateRequest().cudaGraphsInBudget());
        assertFalse(form.values().containsKey("vllm-version"), "a machine's vLLM is not part of a preset");
        form.vllmVersion.set("zero");
        assertEquals("'zero' is not a vLLM version (e.g. 0.19.1)", form.problemOf("vllm-version"));
    }

    @Test
    void aNewCommandIsAskedAgainAndATypedVersionIsKept() {
        bin.write("vllm", "echo 0.19.1\n");
        bin.write("vllm-new", "echo 0.27.1\n");
        VllmVersionDetection d = detection(Duration.ofSeconds(30));
        d.detect();
        form.vllmExecutable.set("vllm-new");
        assertEquals("0.27.1", form.vllmVersion.get(), "the field held the detected version: it follows the new one");
        form.vllmVersion.set("0.20.0");
        form.vllmExecutable.set("vllm");
        assertEquals("0.20.0", form.vllmVersion.get(), "a version the user typed stays");
    }

    @Test
    void withAnSshHostAsTheTargetThisMachinesVllmIsNotTakenForTheHosts() {
        bin.write("vllm", "echo 0.19.1\n");
        detection(Duration.ofSeconds(30)).detect();
        assertEquals("0.19.1", form.vllmVersion.get());
        target.set(TargetViewModel.Target.SSH_HOST);
        assertEquals("", form.vllmVersion.get());
        assertEquals("version unknown, newest rules (vLLM " + VllmVersions.rules(null).firstVersion()
                + "+): the SSH host's vLLM is asked when the run starts", form.fieldNoteProperty("vllm-version").get());
        target.set(TargetViewModel.Target.THIS_MACHINE);
        assertEquals("vLLM 0.19.1 (detected)", form.fieldNoteProperty("vllm-version").get(), "asked again");
    }

    @Test
    void aVllmThatHangsTimesOutToTheNewestRules() {
        bin.write("vllm", "exec sleep 1000\n");
        detection(Duration.ofSeconds(1)).detect();
        assertEquals("", form.vllmVersion.get());
        assertNull(form.version());
        assertEquals("version unknown, newest rules (vLLM " + VllmVersions.rules(null).firstVersion()
                + "+): 'vllm --version' did not answer within 1 s", form.fieldNoteProperty("vllm-version").get());
        assertEquals(VllmVersions.rules(null).defaultUtilization(), form.estimateRequest().gpuMemoryUtilization());
        assertEquals("newest vLLM rules, version unknown", form.rulesNote());
    }

    @Test
    void aMissingVllmSaysWhyTheVersionIsUnknown() {
        Map<String, String> noVllm = Map.of("PATH", bin.directory().toString());
        new VllmVersionDetection(form, target, new SameThreadTaskExecutor(), noVllm, Duration.ofSeconds(30)).detect();
        String note = form.fieldNoteProperty("vllm-version").get();
        assertTrue(note.startsWith("version unknown, newest rules (vLLM "), note);
        assertTrue(note.contains("vllm"), note);
    }
}
