package dev.memlens.core.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.process.ManagedProcess;
import dev.memlens.core.process.ProcessOutcome;
import dev.memlens.core.process.ProcessResult;
import dev.memlens.core.process.Host;
import dev.memlens.core.process.ProcessSpec;
import dev.memlens.core.process.StreamKind;
import dev.memlens.testsupport.StandInExecutables;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfProfilerDriverWithStandInPythonTest {
    @TempDir
    Path temp;
    private StandInExecutables bin;
    private Path script;
    private final HfProfilerDriver driver = new HfProfilerDriver("python3");
    private final HfProfileRequest request = HfProfileRequest.randomWeights("models/llama 3.2; $(rm -rf ~)", "bfloat16", 4, 512, 128);

    @BeforeEach
    void setUp() throws IOException {
        bin = new StandInExecutables(temp);
        bin.install("/hf/stand-in-python.sh", "python3");
        script = HfProfilerDriver.extractScript(temp.resolve("script"));
    }

    private Path resource(String name) throws IOException {
        Path target = temp.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/hf/" + name)) {
            Files.copy(in, target);
        }
        return target;
    }

    private record Run(HfRunRecorder recorder, ProcessResult result, List<String> otherLines) {
    }

    private Run replay(String recording, int exitCode) throws Exception {
        ProcessSpec spec = driver.processSpec(script, request).withEnvironment(bin.environment())
                .withEnvironment(Map.of("MEMLENS_REPLAY_JSONL", resource(recording).toString(),
                        "MEMLENS_REPLAY_EXIT", Integer.toString(exitCode)))
                .withTimeout(Duration.ofSeconds(60));
        HfRunRecorder recorder = new HfRunRecorder();
        List<String> otherLines = new CopyOnWriteArrayList<>();
        ManagedProcess process = HfProfilerDriver.start(Host.local(), spec, new HfEventListener() {
            @Override
            public void onEvent(HfEvent event) {
                recorder.onEvent(event);
            }

            @Override
            public void onOutputLine(StreamKind stream, String line) {
                otherLines.add(stream + ":" + line);
            }
        });
        return new Run(recorder, process.awaitResult(), otherLines);
    }

    @Test
    void theScriptIsExtractedFromTheJarAndTheArgvIsAList() throws IOException {
        assertTrue(Files.readString(script).contains("\"event\""));
        assertEquals(List.of("python3", "-u", script.toString(), "models/llama 3.2; $(rm -rf ~)", "--dtype", "bfloat16",
                "--batch-size", "4", "--max-new-tokens", "128", "--device", "cuda", "--random-weights", "--input-len", "512"),
                driver.command(script, request));
        HfProfileRequest withPrompt = new HfProfileRequest("m", false, "auto", 1, OptionalInt.empty(),
                Optional.of("Hello, how are you?"), 100, "cuda:1", true);
        assertEquals(List.of("python3", "-u", script.toString(), "m", "--dtype", "auto", "--batch-size", "1",
                "--max-new-tokens", "100", "--device", "cuda:1", "--prompt", "Hello, how are you?", "--trust-remote-code"),
                driver.command(script, withPrompt));
    }

    @Test
    void replaysAnH200RunDerivedFromItsAllocatorMarks() throws Exception {
        Run run = replay("replay-h200-qwen2.5-0.5b-b16-512-256.jsonl", 0);
        assertTrue(run.result().succeeded(), run.result().message());
        assertTrue(run.recorder().completed());
        assertEquals(Optional.empty(), run.recorder().failure(run.result()));
        assertEquals(List.of(HfPhase.LOADING, HfPhase.WEIGHTS_LOADED, HfPhase.GENERATED, HfPhase.FREED),
                run.recorder().phases().stream().map(HfEvent.Phase::phase).toList());
        // the values of qwen2.5-0.5b-b16-512-256/run.json
        assertEquals(new TorchAllocatorFigures(1029877248L, 1346371584L, 1302507008L, 1302507008L),
                run.recorder().phase(HfPhase.WEIGHTS_LOADED).orElseThrow().allocator());
        HfEvent.Phase generated = run.recorder().phase(HfPhase.GENERATED).orElseThrow();
        assertEquals(1431745024L, generated.allocator().maxAllocated());
        assertEquals(256, generated.generatedTokens().getAsInt());
        assertEquals(19.567219257354736, generated.generateSeconds().getAsDouble(), 1e-12);
        assertTrue(generated.decodeTokensPerSecond().isEmpty());
        HfEvent.ModelInfo model = run.recorder().model().orElseThrow();
        assertEquals(494032768L, model.numParameters());
        assertEquals("qwen2", model.config().get("model_type"));
        assertEquals("NVIDIA H200", run.recorder().environment().orElseThrow().deviceName());
        assertTrue(run.otherLines().contains("STDOUT:Some library warning printed to stdout"));
        assertTrue(run.otherLines().stream().anyMatch(line -> line.startsWith("STDERR:argv: -u " + script
                + " models/llama 3.2; $(rm -rf ~) --dtype bfloat16")), run.otherLines().toString());
    }

    @Test
    void parsesTheRealH100Recording() throws Exception {
        Run run = replay("real-h100-llama32-1b-bf16-b4-512-128.jsonl", 0);
        assertTrue(run.result().succeeded());
        assertEquals(List.of(HfPhase.LOADING, HfPhase.WEIGHTS_LOADED, HfPhase.PREFILL, HfPhase.GENERATED, HfPhase.FREED),
                run.recorder().phases().stream().map(HfEvent.Phase::phase).toList());
        HfEvent.ModelInfo model = run.recorder().model().orElseThrow();
        assertEquals(1235814400L, model.numParameters());
        assertEquals(2 * model.numParameters(), model.parameterBytes(), "bfloat16 is 2 bytes a parameter");
        assertEquals("bfloat16", model.dtype());
        long weights = run.recorder().phase(HfPhase.WEIGHTS_LOADED).orElseThrow().allocator().allocated();
        assertTrue(weights >= model.parameterBytes() && weights < model.parameterBytes() + 64L * 1024 * 1024,
                "allocated after load " + weights + " is the weights plus a little");
        HfEvent.Phase prefill = run.recorder().phase(HfPhase.PREFILL).orElseThrow();
        assertEquals(512, prefill.promptTokens().getAsInt());
        assertTrue(prefill.timeToFirstTokenS().getAsDouble() > 0);
        assertTrue(prefill.allocator().phaseMaxAllocated() > weights, "generate's own peak is above the weights");
        HfEvent.Phase generated = run.recorder().phase(HfPhase.GENERATED).orElseThrow();
        assertEquals(128, generated.generatedTokens().getAsInt());
        assertEquals("NVIDIA H100 80GB HBM3", run.recorder().environment().orElseThrow().deviceName());
    }

    @Test
    void aRealOutOfMemoryIsReportedWithTheAllocatorAtTheFailure() throws Exception {
        Run run = replay("real-h100-llama32-1b-oom-b512-8192.jsonl", 5);
        assertEquals(ProcessOutcome.EXITED, run.result().outcome());
        assertEquals(5, run.result().exitCode());
        HfEvent.Failure failure = run.recorder().failure(run.result()).orElseThrow();
        assertEquals(HfFailureKind.OOM, failure.kind());
        assertTrue(failure.message().contains("Tried to allocate 32.00 GiB"), failure.message());
        assertTrue(failure.fix().orElseThrow().contains("--batch-size"));
        assertEquals(55253806080L, failure.allocatorAtFailure().orElseThrow().allocated());
        assertFalse(run.recorder().completed());
    }

    @Test
    void aScriptThatDiesWithoutAnErrorLineIsAnUnknownFailure() throws Exception {
        Path partial = temp.resolve("partial.jsonl");
        List<String> lines = Files.readAllLines(resource("real-h100-llama32-1b-bf16-b4-512-128.jsonl")).subList(0, 3);
        Files.write(partial, lines);
        ProcessSpec spec = driver.processSpec(script, request).withEnvironment(bin.environment())
                .withEnvironment(Map.of("MEMLENS_REPLAY_JSONL", partial.toString(), "MEMLENS_REPLAY_EXIT", "139"));
        HfRunRecorder recorder = new HfRunRecorder();
        ProcessResult result = HfProfilerDriver.start(Host.local(), spec, recorder).awaitResult();
        HfEvent.Failure failure = recorder.failure(result).orElseThrow();
        assertEquals(HfFailureKind.UNKNOWN, failure.kind());
        assertEquals("python3 exited with code 139 — last stderr line: Traceback-like stderr noise", failure.message());
    }

    @Test
    void aMissingInterpreterSaysHowToFixIt() throws Exception {
        ProcessSpec spec = new HfProfilerDriver("python3.99").processSpec(script, request).withEnvironment(bin.environment());
        ProcessResult result = Host.local().run(spec, (stream, line) -> { });
        assertEquals(ProcessOutcome.FAILED_TO_START, result.outcome());
        assertEquals("python3.99 not found on PATH: " + HfProfilerDriver.INSTALL_HINT, result.message());
    }
}
