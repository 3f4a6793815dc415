package dev.memlens.core.vllm.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.Map;

class EngineConfigParserTest {
    @Test
    void splits_at_top_level_commas_only_and_drops_nested_values() {
        Map<String, String> e = EngineConfigParser.entries("model='a, b', decoding_config=DecodingConfig(x='1', y=2), "
                + "compilation_config={\"level\":3, \"sizes\":[1, 2]}, max_seq_len=8192, kv_cache_dtype=fp8");
        assertEquals("a, b", e.get("model"));
        assertEquals("8192", e.get("max_seq_len"));
        assertEquals("fp8", e.get("kv_cache_dtype"));
        assertFalse(e.containsKey("decoding_config"));
        assertFalse(e.containsKey("compilation_config"));
    }

    @Test
    void reads_v0_and_v1_heads() {
        assertEquals("0.6.3.post1", EngineConfigParser.parse(
                "Initializing an LLM engine (v0.6.3.post1) with config: model='m', tensor_parallel_size=2").orElseThrow().vllmVersion());
        EngineConfig v1 = EngineConfigParser.parse(
                "Initializing a V1 LLM engine (v0.19.0) with config: model='m', tensor_parallel_size=2, enforce_eager=True").orElseThrow();
        assertEquals(2, v1.tensorParallelSize());
        assertTrue(v1.enforceEager());
        assertTrue(EngineConfigParser.parse("Initializing something else").isEmpty());
    }
}
