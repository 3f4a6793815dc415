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
        ApiFormViewModel api = new ApiFormViewModel(Map.of("VLLM_KEY", "secret"), () -> null);
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

    @Test
    void eachModeFormBuildsTheConfigItsCliVerbWould() {
        ApiFormViewModel api = new ApiFormViewModel(Map.of("VLLM_KEY", "secret"), () -> null);
        api.baseUrl.set("http://gpu:8001");
        api.batchSize.set("4");
        api.chat.set(true);
        api.apiKeyEnv.set("VLLM_KEY");
        var a = ModeWorkloads.apiConfig(api, java.nio.file.Path.of("/m/config.json"));
        assertEquals("http://gpu:8001", a.baseUrl());
        assertEquals(4, a.batchSize());
        assertTrue(a.chat());
        assertEquals("secret", a.apiKey());
        assertEquals(null, a.model(), "empty: the first of /v1/models");
        assertEquals(java.nio.file.Path.of("/m/config.json"), a.modelConfig());

        HfFormViewModel hf = new HfFormViewModel(new SimpleStringProperty("/models/x/config.json"), () -> "/models/x");
        hf.randomWeights.set(true);
        hf.inputLen.set("256");
        hf.maxNewTokens.set("32");
        hf.dtype.set("float16");
        var h = ModeWorkloads.hfConfig(hf);
        assertEquals("/models/x", h.request().model());
        assertTrue(h.request().randomWeights());
        assertEquals(256, h.request().inputLength().getAsInt());
        assertEquals(32, h.request().maxNewTokens());
        assertEquals("python3", h.interpreter());

        ContainerFormViewModel docker = new ContainerFormViewModel(new SameThreadTaskExecutor(), Map.of());
        docker.container.set("vllm-1");
        docker.port.set("8080");
        var d = ModeWorkloads.dockerConfig(docker);
        assertEquals("vllm-1", d.container());
        assertEquals(8080, d.containerPort());
        assertEquals(null, d.inputLength());
    }
}
