package dev.memlens.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ModelLabelTest {
    @Test
    void pathsBecomeTheirFolderAndIdsStay() {
        assertEquals("llama3-8b", ModelLabel.of("/work/x/test-classes/workbench/llama3-8b/config.json"));
        assertEquals("Qwen2.5-7B", ModelLabel.of("/models/Qwen2.5-7B"));
        assertEquals("meta-llama/Llama-3.1-8B-Instruct", ModelLabel.of("meta-llama/Llama-3.1-8B-Instruct"));
        assertEquals("mistral", ModelLabel.of("C:\\models\\mistral\\config.json"));
        assertEquals("", ModelLabel.of(null));
    }
}
