package dev.memlens.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanNamesTest {
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "--max-model-len | Max model length",
            "max_model_len | Max model length",
            "api_url | API URL",
            "vllm_command | vLLM command",
            "wall_seconds | Wall time (s)",
            "load_format | Load format",
            "block_size | Block size",
            "itl_50 | ITL p50",
            "allocator_peak | Allocator peak",
            "--gpu-memory-utilization | GPU memory utilization",
    })
    void parameterKeysReadAsWords(String key, String name) {
        assertEquals(name, HumanNames.parameter(key));
    }
}
