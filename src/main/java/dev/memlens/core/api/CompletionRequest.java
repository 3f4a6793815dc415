package dev.memlens.core.api;

import java.util.Objects;

/**
 * One streamed generation request.
 *
 * @param model     the served model id (see {@link VllmApiClient#firstModelId()})
 * @param prompt    the prompt text (chat: the single user message)
 * @param maxTokens max_tokens
 * @param chat      true for /v1/chat/completions, false for /v1/completions
 * @param ignoreEos vLLM's ignore_eos: always generate maxTokens, so runs are comparable
 */
public record CompletionRequest(String model, String prompt, int maxTokens, boolean chat, boolean ignoreEos) {
    public CompletionRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(prompt, "prompt");
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max tokens must be at least 1, got " + maxTokens);
        }
    }

    /** The original profiler's defaults: /v1/completions, "Hello, how are you?", 100 tokens. */
    public static CompletionRequest completion(String model, String prompt, int maxTokens) {
        return new CompletionRequest(model, prompt, maxTokens, false, false);
    }

    public String path() {
        return chat ? "/v1/chat/completions" : "/v1/completions";
    }
}
