package dev.memlens.core.api;

import java.util.List;
import java.util.Optional;

/**
 * What one streamed request measured. Times are seconds from the request's send.
 *
 * @param index                the request's number in its batch, from 0
 * @param timeToFirstTokenS    send → first chunk carrying text; NaN when none came
 * @param interTokenLatenciesS gaps between successive text chunks
 * @param endToEndS            send → end of the stream
 * @param promptTokens         usage.prompt_tokens, -1 when the server sent no usage
 * @param completionTokens     usage.completion_tokens, or the text chunks counted when no usage came
 * @param text                 the generated text
 * @param error                why it failed, empty when it succeeded
 */
public record RequestTiming(int index, double timeToFirstTokenS, List<Double> interTokenLatenciesS, double endToEndS,
                            int promptTokens, int completionTokens, String text, Optional<String> error) {
    public RequestTiming {
        interTokenLatenciesS = List.copyOf(interTokenLatenciesS);
    }

    public boolean succeeded() {
        return error.isEmpty();
    }
}
