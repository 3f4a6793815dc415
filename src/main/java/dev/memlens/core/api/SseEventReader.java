package dev.memlens.core.api;

import java.util.Optional;

/**
 * Assembles server-sent events from lines: "data:" lines accumulate (joined by \n) until a blank line ends
 * the event. Comments (":") and other fields (event:, id:, retry:) are ignored; vLLM sends data only.
 */
final class SseEventReader {
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;

    /** Feeds one line (without its terminator); returns the event's data when this line completes one. */
    Optional<String> accept(String line) {
        if (line.isEmpty()) {
            return finish();
        }
        if (line.startsWith("data:")) {
            String value = line.substring(5);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (hasData) {
                data.append('\n');
            }
            data.append(value);
            hasData = true;
        }
        return Optional.empty();
    }

    /** Ends the stream: returns a last event that had no closing blank line. */
    Optional<String> finish() {
        if (!hasData) {
            return Optional.empty();
        }
        String event = data.toString();
        data.setLength(0);
        hasData = false;
        return Optional.of(event);
    }
}
