package dev.memlens.app.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.app.task.SameThreadTaskExecutor;
import java.util.Map;
import javafx.beans.property.SimpleStringProperty;
import org.junit.jupiter.api.Test;

/** The API, Transformers and Container forms' rules, without the toolkit. */
class ModeFormsViewModelTest {
    @Test
    void apiNeedsAnHttpUrlMatchingTheTlsSwitchAndASetKeyVariable() {
        ApiFormViewModel api = new ApiFormViewModel(Map.of("VLLM_KEY", "secret"));
        assertTrue(api.validProperty().get(), api.problemProperty().get());
        api.baseUrl.set("localhost:8000");
        assertEquals("Server URL: 'localhost:8000' is not an http:// or https:// URL", api.problemProperty().get());
        api.baseUrl.set("https://gpu-box:8443");
        assertEquals("TLS (https): the URL is https://, so switch TLS on", api.problemProperty().get());
        api.tls.set(true);
        assertTrue(api.validProperty().get());
        api.apiKeyEnv.set("MISSING_KEY");
        assertTrue(api.problemProperty().get().startsWith("API key variable: MISSING_KEY is not set"));
        api.apiKeyEnv.set("VLLM_KEY");
        assertTrue(api.validProperty().get());
        assertEquals("secret", api.apiKey());
        assertFalse(api.values().containsValue("secret"), "presets and settings keep the variable's name only");
        api.batchSize.set("x");
        assertEquals("Concurrent requests: 'x' is not a whole number", api.problemProperty().get());
    }

    @Test
    void transformersTakesAnInputLengthOrAPromptNotBoth() {
        HfFormViewModel hf = new HfFormViewModel(new SimpleStringProperty("/models/llama"), () -> "/models/llama");
        assertTrue(hf.validProperty().get(), hf.problemProperty().get());
        hf.prompt.set("Hello");
        assertEquals("Prompt: give an input length or a prompt, not both", hf.problemProperty().get());
        hf.inputLen.set("");
        assertTrue(hf.validProperty().get());
        hf.prompt.set("");
        assertEquals("Input length: give an input length (random prompt ids) or a prompt", hf.problemProperty().get());
    }

    @Test
    void containerNeedsAContainerAndListsThemThroughDocker() {
        ContainerFormViewModel docker = new ContainerFormViewModel(new SameThreadTaskExecutor(),
                Map.of("PATH", "/nonexistent-memlens-test-dir"));
        assertEquals("Container: give a running container", docker.problemProperty().get());
        docker.container.set("vllm-llama");
        assertTrue(docker.validProperty().get());
        docker.refreshContainers();
        assertTrue(docker.containers().isEmpty());
        assertFalse(docker.containerStatusProperty().get().isBlank(), "docker missing is said in words");
    }
}
