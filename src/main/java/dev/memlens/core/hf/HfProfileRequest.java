package dev.memlens.core.hf;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the bundled transformers profiler should run.
 *
 * @param model           a model directory (holding config.json) or a Hugging Face id
 * @param randomWeights   build the model from config.json with random weights (no download)
 * @param dtype           auto, float16, bfloat16 or float32
 * @param batchSize       sequences generated together
 * @param inputLength     random prompt token ids of this length (no tokenizer needed); empty to use the prompt
 * @param prompt          prompt text (needs the model's tokenizer); empty for the script's default
 * @param maxNewTokens    tokens generated per sequence (fixed: min_new_tokens is the same)
 * @param device          cuda or cuda:N
 * @param trustRemoteCode pass trust_remote_code to transformers
 */
public record HfProfileRequest(String model, boolean randomWeights, String dtype, int batchSize, OptionalInt inputLength,
                               Optional<String> prompt, int maxNewTokens, String device, boolean trustRemoteCode) {
    public HfProfileRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(device, "device");
        if (batchSize < 1 || maxNewTokens < 1 || (inputLength.isPresent() && inputLength.getAsInt() < 1)) {
            throw new IllegalArgumentException("batch size, input length and max new tokens must be positive");
        }
    }

    /** Random weights from config.json, random prompt ids: the architecture alone, no download. */
    public static HfProfileRequest randomWeights(String modelDirectory, String dtype, int batchSize, int inputLength,
                                                 int maxNewTokens) {
        return new HfProfileRequest(modelDirectory, true, dtype, batchSize, OptionalInt.of(inputLength), Optional.empty(),
                maxNewTokens, "cuda", false);
    }
}
