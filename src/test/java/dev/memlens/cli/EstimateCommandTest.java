package dev.memlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EstimateCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new EstimateCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void jsonHasExactlyTheIssueShape() throws Exception {
        int code = run("--config", "src/test/resources/estimate/configs/llama3.1-8b.json", "--batch-size", "1",
                "--input-len", "1024", "--output-len", "128", "--engine", "vllm", "--gpu", "h100",
                "--gpu-memory-utilization", "0.9", "--max-model-len", "8192", "--json");
        assertEquals(0, code, err.toString());
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertEquals(List.of("engine", "components", "peak_bytes", "kv_cache_tokens", "max_concurrency",
                "gpu_total_bytes", "fits", "explanations"), iterableToList(j.fieldNames()));
        assertEquals(List.of("weights_bytes", "kv_cache_bytes", "activations_bytes", "cuda_context_bytes",
                "cuda_graphs_bytes", "other_bytes"), iterableToList(j.get("components").fieldNames()));
        assertEquals("vllm", j.get("engine").asText());
        assertTrue(j.get("kv_cache_tokens").asLong() > 0);
        assertTrue(j.get("explanations").size() > 5);
    }

    @Test
    void transformersTableShowsAFormulaPerLineAndNullsInJson() throws Exception {
        assertEquals(0, run("--config", "src/test/resources/estimate/configs/llama3.1-8b.json", "--batch-size", "2",
                "--input-len", "512", "--output-len", "64"));
        assertTrue(out.toString().contains("weights") && out.toString().contains("parameters × dtype bytes"), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("--config", "src/test/resources/estimate/configs/llama3.1-8b.json", "--batch-size", "2",
                "--input-len", "512", "--output-len", "64", "--json"));
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertTrue(j.get("kv_cache_tokens").isNull());
        assertTrue(j.get("components").get("cuda_graphs_bytes").isNull());
        assertTrue(j.get("fits").isNull());
    }

    @Test
    void vllmVersionSelectsTheBudgetRulesOfThatVersion() throws Exception {
        String[] args = {"--config", "src/test/resources/estimate/configs/llama3.1-8b.json", "--batch-size", "1",
                "--input-len", "128", "--output-len", "128", "--engine", "vllm", "--gpu-memory-gib", "79.19",
                "--gpu-memory-utilization", "0.95", "--max-model-len", "8192", "--json", "--vllm-version"};
        assertEquals(0, run(concat(args, "0.19.0")), err.toString());
        long v019 = new ObjectMapper().readTree(out.toString()).get("kv_cache_tokens").asLong();
        // the 0.19 log: "GPU KV cache size: 476,016 tokens"
        assertEquals(476_016, v019, 476_016 * 0.02);
        out.getBuffer().setLength(0);
        assertEquals(0, run(concat(args, "0.21.0")), err.toString());
        JsonNode v021 = new ObjectMapper().readTree(out.toString());
        assertTrue(v021.get("kv_cache_tokens").asLong() < v019, "graphs come out of the budget from 0.21");
        assertTrue(v021.get("explanations").toString().contains("without CUDA graph memory profiling"));
        assertEquals(2, run(concat(args, "latest")));
    }

    @Test
    void withoutVllmVersionItSaysWhichRulesAndUtilizationItUsed() throws Exception {
        String[] args = {"--config", "src/test/resources/estimate/configs/llama3.1-8b.json", "--batch-size", "1",
                "--input-len", "128", "--output-len", "128", "--engine", "vllm", "--gpu-memory-gib", "79.19",
                "--max-model-len", "8192"};
        assertEquals(0, run(args), err.toString());
        String text = out.toString();
        assertTrue(text.contains("- no --vllm-version given, so the newest rules MemLens models apply: vLLM 0.27.0+"
                + " rules: default --gpu-memory-utilization 0.92;"), text);
        assertTrue(text.contains("vLLM budget 72.85 GiB = 79.19 GiB × 0.92"), text);
        out.getBuffer().setLength(0);
        assertEquals(0, run(concat(concat(args, "--vllm-version"), "0.19.0")), err.toString());
        text = out.toString();
        assertTrue(text.contains("- --vllm-version 0.19.0: vLLM 0.19.0+ rules: default --gpu-memory-utilization 0.9;"
                + " CUDA graphs are captured on top of the budget"), text);
        assertTrue(text.contains("vLLM budget 71.27 GiB = 79.19 GiB × 0.90"), text);
    }

    private static String[] concat(String[] a, String last) {
        String[] r = java.util.Arrays.copyOf(a, a.length + 1);
        r[a.length] = last;
        return r;
    }

    @Test
    void badInputsExplainThemselves() {
        assertEquals(2, run("--config", "src/test/resources/estimate/configs/missing-layers.json", "--batch-size", "1",
                "--input-len", "8", "--output-len", "8"));
        assertTrue(err.toString().contains("num_hidden_layers"), err.toString());
        assertEquals(2, run("--config", "src/test/resources/estimate/configs/llama3.1-8b.json", "--batch-size", "1",
                "--input-len", "8", "--output-len", "8", "--gpu", "nosuchgpu"));
        assertTrue(err.toString().contains("unknown GPU"), err.toString());
    }

    private static List<String> iterableToList(java.util.Iterator<String> it) {
        List<String> l = new java.util.ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }
}
