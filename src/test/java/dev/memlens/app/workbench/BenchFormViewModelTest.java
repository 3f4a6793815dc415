package dev.memlens.app.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.run.bench.BenchConfig;
import java.util.List;
import java.util.Map;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.junit.jupiter.api.Test;

/** The Bench form's rules and the argument list it gives vLLM, without the toolkit. */
class BenchFormViewModelTest {
    private final StringProperty model = new SimpleStringProperty("meta-llama/Llama-3.1-8B-Instruct");
    private final BenchFormViewModel form = new BenchFormViewModel(model, () -> model.get().trim());

    @Test
    void theDefaultsWithAModelAreValid() {
        assertTrue(form.validProperty().get(), form.problemProperty().get());
        assertEquals("", form.problemProperty().get());
    }

    @Test
    void theBudgetBeforeTheRunIsOnTheGpusTheFormAsksVllmToUse() {
        assertEquals(1, form.engineBudget().gpus(), "tensor parallel 1 by default");
        form.tensorParallel.set("2");
        form.extraArgs.set("--enforce-eager -pp 2");
        assertEquals(4, form.engineBudget().gpus(), "tensor × pipeline parallel");
        form.tensorParallel.set("two");
        assertEquals(2, form.engineBudget().gpus(), "a field that does not parse counts as vLLM's default, 1");
    }

    @Test
    void eachRuleNamesTheFieldAndTheProblem() {
        form.inputLen.set("0");
        assertFalse(form.validProperty().get());
        assertEquals("Input length: '0' must be 1 or more", form.problemProperty().get());
        assertEquals("'0' must be 1 or more", form.problemOf("input-len"));
        form.inputLen.set("512");
        form.gpuMemoryUtilization.set("1.5");
        assertEquals("GPU memory utilization: '1.5' must be above 0 and at most 1 (0.9 is 90 %)", form.problemProperty().get());
        form.gpuMemoryUtilization.set("");
        form.extraArgs.set("--max-num-seqs \"64");
        assertEquals("Extra engine arguments: a double quote is not closed", form.problemProperty().get());
        form.extraArgs.set("");
        model.set("  ");
        assertEquals("Model: give a model: a folder, a config.json or a model id", form.problemProperty().get());
        model.set("m");
        form.vllmExecutable.set("");
        assertTrue(form.problemProperty().get().startsWith("vLLM command:"), form.problemProperty().get());
        form.python.set("/opt/venv/bin/python");
        assertTrue(form.validProperty().get());
    }

    @Test
    void toConfigGivesTheSameArgumentsAsMemlensBench() {
        form.inputLen.set("256");
        form.outputLen.set("64");
        form.batchSize.set("8");
        form.dtype.set("bfloat16");
        form.tensorParallel.set("2");
        form.quantization.set("fp8");
        form.kvCacheDtype.set("fp8");
        form.maxModelLen.set("4096");
        form.gpuMemoryUtilization.set("0.85");
        form.dummyWeights.set(true);
        form.enforceEager.set(true);
        form.trustRemoteCode.set(true);
        form.warmupIters.set("2");
        form.iters.set("5");
        form.extraArgs.set("--max-num-seqs 64 --served-model-name 'my model'");
        BenchConfig c = form.toConfig();
        assertEquals(List.of("vllm", "bench", "latency", "--model", "meta-llama/Llama-3.1-8B-Instruct", "--input-len", "256",
                "--output-len", "64", "--batch-size", "8", "--dtype", "bfloat16", "--tensor-parallel-size", "2",
                "--num-iters-warmup", "2", "--num-iters", "5", "--output-json", "out.json", "--quantization", "fp8",
                "--kv-cache-dtype", "fp8", "--max-model-len", "4096", "--gpu-memory-utilization", "0.85",
                "--load-format", "dummy", "--trust-remote-code", "--enforce-eager", "--max-num-seqs", "64",
                "--served-model-name", "my model"), c.benchCommand("out.json"));
    }

    @Test
    void aPythonInterpreterRunsVllmAsAModule() {
        form.python.set("/opt/venv/bin/python");
        assertEquals(List.of("/opt/venv/bin/python", "-m", "vllm.entrypoints.cli.main"), form.toConfig().vllmCommand());
    }

    @Test
    void emptyOptionalFieldsAreLeftToVllm() {
        BenchConfig c = form.toConfig();
        assertNull(c.quantization());
        assertNull(c.maxModelLen());
        assertNull(c.gpuMemoryUtilization());
        assertEquals(10, c.numItersWarmup());
        assertEquals(30, c.numIters());
    }

    @Test
    void valuesRoundTripThroughApply() {
        form.batchSize.set("16");
        form.enforceEager.set(true);
        Map<String, String> saved = form.values();
        BenchFormViewModel other = new BenchFormViewModel(new SimpleStringProperty(""), () -> "");
        other.apply(saved);
        assertEquals(saved, other.values());
        assertEquals("16", other.batchSize.get());
        assertTrue(other.enforceEager.get());
        other.apply(Map.of("a-flag-of-a-newer-memlens", "x"));
        assertEquals(saved, other.values(), "unknown keys are ignored");
    }
}
