package dev.memlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memlens.core.vllm.log.Fixtures;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

class ParseLogCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new ParseLogCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void json_has_the_issue_shape_with_gib_as_2_30_and_nulls() throws Exception {
        int rc = run(Fixtures.path("v1-0.19-llama3.1-8b-h100-debug.log").toString(), "--json");
        assertEquals(0, rc, err.toString());
        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertEquals("0.19.0", root.get("vllm_version").asText());
        assertEquals("v1", root.get("format").asText());
        assertEquals("meta-llama/Llama-3.1-8B-Instruct", root.get("engine_config").get("model").asText());
        assertTrue(root.get("engine_config").get("quantization").isNull());
        JsonNode rank = root.get("ranks").get(0);
        assertEquals(0, rank.get("rank").asInt());
        assertEquals(Math.round(14.99 * (1L << 30)), rank.get("weights_bytes").asLong());
        assertEquals(Math.round(58.11 * (1L << 30)), rank.get("kv_cache_bytes").asLong());
        assertEquals(476_016L, rank.get("kv_cache_tokens").asLong());
        assertEquals(29_751L, rank.get("num_gpu_blocks").asLong());
        assertEquals(58.11, rank.get("max_concurrency").asDouble());
        assertEquals(0.95, rank.get("gpu_memory_utilization").asDouble());
        for (String key : new String[] {"rank", "weights_bytes", "activation_peak_bytes", "non_torch_bytes", "kv_cache_bytes",
                "kv_cache_tokens", "num_gpu_blocks", "max_concurrency", "max_model_len", "cuda_graph_bytes",
                "total_gpu_memory_bytes", "gpu_memory_utilization"}) {
            assertTrue(rank.has(key), key);
        }
        assertEquals(0, root.get("failures").size());
    }

    @Test
    void absent_values_are_null() throws Exception {
        assertEquals(0, run(Fixtures.path("v1-0.8.3-qwen2-1.5b.log").toString(), "--json"));
        JsonNode rank = new ObjectMapper().readTree(out.toString()).get("ranks").get(0);
        assertTrue(rank.get("kv_cache_bytes").isNull());
        assertTrue(rank.get("activation_peak_bytes").isNull());
    }

    @Test
    void table_output_and_failures_exit_1_with_advice() {
        assertEquals(1, run(Fixtures.path("failure-max-model-len.log").toString()));
        assertTrue(out.toString().contains("max-model-len-too-long"), out.toString());
        assertTrue(out.toString().contains("--max-model-len 34400"));
        assertTrue(out.toString().contains("4.20 GiB"));
        assertTrue(err.toString().contains("1 failure"));
    }

    @Test
    void multi_rank_table_has_a_column_per_rank() {
        assertEquals(0, run(Fixtures.path("v0-0.7.3-tp2-multiproc-colour.log").toString()));
        assertTrue(out.toString().contains("rank 0"));
        assertTrue(out.toString().contains("rank 1"));
        assertTrue(out.toString().contains("35.40 GiB"));
    }

    @Test
    void missing_file_exits_2_naming_it() {
        assertEquals(2, run("/no/such/vllm.log"));
        assertTrue(err.toString().contains("/no/such/vllm.log"));
        assertTrue(err.toString().contains("does not exist: check the path"), err.toString());
    }

    @Test
    void registered_under_memlens() {
        assertTrue(MemLensCommand.newCommandLine().getSubcommands().containsKey("parse-log"));
    }
}
