package dev.memlens.core.run.modes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A run against a model served inside a running container: vLLM (requests to its API) or transformers (the
 * profiler script run inside with docker exec).
 *
 * @param container      the container's name or ID
 * @param dockerCommand  "docker" or a full path (a docker-compatible CLI)
 * @param containerPort  the API port inside the container (vLLM: 8000)
 * @param model          vLLM: the served model id; transformers: the model path inside; null to detect
 * @param prompt         prompt text, or null for the default
 * @param maxTokens      tokens generated per request / sequence
 * @param batchSize      concurrent requests / sequences
 * @param dtype          transformers: auto, float16, bfloat16, float32
 * @param inputLength    transformers: random prompt ids of this length instead of the prompt; null for the prompt
 * @param randomWeights  transformers: build the model from config.json with random weights
 * @param chat           vLLM: use /v1/chat/completions
 * @param apiKey         vLLM: the server's --api-key, or null (never stored)
 * @param modelConfig    vLLM: the model's config.json on this host, or null
 * @param python         transformers: the interpreter inside the container
 * @param cancelGrace    time between SIGTERM and SIGKILL when cancelling
 */
public record DockerConfig(String container, String dockerCommand, int containerPort, String model, String prompt,
                           int maxTokens, int batchSize, String dtype, Integer inputLength, boolean randomWeights,
                           boolean chat, String apiKey, Path modelConfig, String python, Duration cancelGrace) {
    public DockerConfig {
        Objects.requireNonNull(container, "container");
        dockerCommand = dockerCommand == null ? "docker" : dockerCommand;
        dtype = dtype == null ? "auto" : dtype;
        python = python == null ? "python3" : python;
        cancelGrace = cancelGrace == null ? Duration.ofSeconds(10) : cancelGrace;
        if (maxTokens < 1 || batchSize < 1 || containerPort < 1 || (inputLength != null && inputLength < 1)) {
            throw new IllegalArgumentException("--max-tokens, --batch-size, --input-len and the port must be positive");
        }
    }

    /** The original wrapper's defaults: port 8000, 100 tokens, one request. */
    public static DockerConfig of(String container) {
        return new DockerConfig(container, null, 8000, null, null, 100, 1, null, null, false, false, null, null, null,
                null);
    }

    @Override
    public String toString() {
        return "DockerConfig[" + container + ", model=" + model + ", batch=" + batchSize + ", maxTokens=" + maxTokens
                + (apiKey != null ? ", API key set" : "") + "]";
    }
}
