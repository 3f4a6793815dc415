package dev.memlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memlens.core.estimate.Engine;
import dev.memlens.core.estimate.EstimateRequest;
import dev.memlens.core.estimate.Estimator;
import dev.memlens.core.model.ModelSpec;
import dev.memlens.core.model.ModelSpecs;
import dev.memlens.core.units.Bytes;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FitCommandTest {
    private static final Path CONFIG = Path.of("src/test/resources/estimate/configs/llama3.1-8b.json");
    private static final String DIR = CONFIG.toAbsolutePath().getParent().toString();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = MemLensCommand.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void transformersAnswersTheLargestBatchAndLongestPromptWithTheCommandToRun() throws Exception {
        assertEquals(0, run("fit", "--config", CONFIG.toString(), "--gpu-memory-gib", "24", "--json"), err.toString());
        JsonNode j = new ObjectMapper().readTree(out.toString());
        int batch = j.get("max_batch_size").asInt();
        ModelSpec s = ModelSpecs.load(CONFIG);
        EstimateRequest r = EstimateRequest.of(Engine.TRANSFORMERS, batch, 1024, 128).withGpuTotalBytes(Bytes.fromGib(24));
        assertTrue(Estimator.estimate(s, r).fits());
        assertFalse(Estimator.estimate(s, r.withBatchAndLengths(batch + 1, 1024, 128)).fits());
        assertEquals("memlens hf --model " + DIR + " --batch-size " + batch + " --input-len 1024 --max-new-tokens 128",
                j.get("max_batch_size_command").asText());
        int input = j.get("max_input_len").asInt();
        assertTrue(Estimator.estimate(s, r.withBatchAndLengths(1, input, 128)).fits());
        assertFalse(Estimator.estimate(s, r.withBatchAndLengths(1, input + 1, 128)).fits());
        assertTrue(j.get("fits").asBoolean());
    }

    @Test
    void vllmAnswersTheSmallestUtilizationAndKvCacheMemoryForATargetConcurrency() throws Exception {
        assertEquals(0, run("fit", "--config", CONFIG.toString(), "--gpu", "h100", "--engine", "vllm",
                "--batch-size", "16", "--max-model-len", "8192"), err.toString());
        String text = out.toString();
        assertTrue(text.contains("smallest --gpu-memory-utilization for 16 concurrent requests of 8,192 tokens: 0.43"), text);
        assertTrue(text.contains("    vllm serve " + DIR + " --tensor-parallel-size 1 --max-model-len 8192"
                + " --gpu-memory-utilization 0.43\n"), text);
        assertTrue(text.contains("--kv-cache-memory=" + (16L * 8192 * 128 * 1024)), text);
        // no --gpu-memory-utilization and no --vllm-version: the newest rules and their default utilisation, said aloud
        assertTrue(text.contains("most concurrent requests of 8,192 tokens at --gpu-memory-utilization 0.92: "), text);
        assertTrue(text.contains("- no --vllm-version given, so the newest rules MemLens models apply: vLLM 0.27.0+ rules:"
                + " default --gpu-memory-utilization 0.92; CUDA graphs come out of the budget before the KV pool"), text);
    }

    @Test
    void badInputExitsTwoWithOneLine() {
        assertEquals(2, run("fit", "--config", CONFIG.toString(), "--gpu", "h100", "--engine", "vllm",
                "--tensor-parallel-size", "3"));
        assertEquals("memlens fit: --tensor-parallel-size 3 does not divide the model's 32 attention heads ("
                + CONFIG + "): use one of 1, 2, 4, 8, 16, 32", err.toString().strip());
        err.getBuffer().setLength(0);
        assertEquals(2, run("fit", "--config", CONFIG.toString()));
        assertEquals("memlens fit: fit needs the GPU size: pass --gpu NAME or --gpu-memory-gib N", err.toString().strip());
    }
}
