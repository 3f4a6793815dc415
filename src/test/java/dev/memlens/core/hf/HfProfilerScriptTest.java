package dev.memlens.core.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.memlens.core.process.ExecutableLocator;
import dev.memlens.core.process.ProcessResult;
import dev.memlens.core.process.Host;
import dev.memlens.core.process.ProcessSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real bundled script with this machine's python3, when there is one. */
class HfProfilerScriptTest {
    @TempDir
    Path temp;
    private final Host runner = Host.local();

    private static void assumePython() {
        assumeTrue(ExecutableLocator.locate("python3", System.getenv("PATH"), null).isPresent(), "no python3 on PATH");
    }

    @Test
    void theBundledScriptCompiles() throws Exception {
        assumePython();
        Path script = HfProfilerDriver.extractScript(temp);
        ProcessResult result = runner.run(ProcessSpec.of("python3", "-c",
                "import sys; compile(open(sys.argv[1]).read(), sys.argv[1], 'exec')", script.toString())
                .withTimeout(Duration.ofSeconds(60)), (stream, line) -> { });
        assertTrue(result.succeeded(), result.message() + " " + result.stderrTail());
    }

    @Test
    void withoutTorchItPrintsAMissingModuleLineAndExitsNonZero() throws Exception {
        assumePython();
        ProcessResult torchCheck = runner.run(ProcessSpec.of("python3", "-c", "import torch"), (stream, line) -> { });
        assumeTrue(!torchCheck.succeeded(), "torch is installed here: the missing-module path cannot be shown");

        Path script = HfProfilerDriver.extractScript(temp);
        HfRunRecorder recorder = new HfRunRecorder();
        List<String> stdout = new CopyOnWriteArrayList<>();
        ProcessSpec spec = new HfProfilerDriver().processSpec(script,
                HfProfileRequest.randomWeights(temp.toString(), "float16", 1, 8, 4)).withTimeout(Duration.ofSeconds(60));
        ProcessResult result = HfProfilerDriver.start(runner, spec, new HfEventListener() {
            @Override
            public void onEvent(HfEvent event) {
                recorder.onEvent(event);
                stdout.add(event.toString());
            }
        }).awaitResult();

        assertNotEquals(0, result.exitCode());
        assertEquals(3, result.exitCode());
        HfEvent.Failure failure = recorder.failure(result).orElseThrow();
        assertEquals(HfFailureKind.MISSING_MODULE, failure.kind());
        assertEquals("torch", failure.module().orElseThrow());
        assertTrue(failure.fix().orElseThrow().endsWith("-m pip install torch"), failure.fix().get());
        assertEquals(1, stdout.size(), "exactly one JSON line: " + stdout);
    }

    @Test
    void badArgumentsAreAJsonErrorToo() throws Exception {
        assumePython();
        Path script = HfProfilerDriver.extractScript(temp);
        HfRunRecorder recorder = new HfRunRecorder();
        ProcessResult result = HfProfilerDriver.start(runner,
                ProcessSpec.of("python3", script.toString(), "model", "--batch-size", "0"), recorder).awaitResult();
        assertEquals(2, result.exitCode());
        assertEquals(HfFailureKind.BAD_ARGUMENT, recorder.failure(result).orElseThrow().kind());
    }
}
