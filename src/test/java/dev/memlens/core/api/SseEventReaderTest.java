package dev.memlens.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseEventReaderTest {
    @Test
    void assemblesDataLinesIntoEventsAndIgnoresOtherFields() {
        SseEventReader reader = new SseEventReader();
        List<String> events = new ArrayList<>();
        for (String line : List.of(": keep-alive", "event: message", "data: {\"a\":", "data:1}", "", "", "data: [DONE]", "")) {
            reader.accept(line).ifPresent(events::add);
        }
        assertEquals(List.of("{\"a\":\n1}", "[DONE]"), events);
    }

    @Test
    void anUnterminatedLastEventIsReturnedAtTheEnd() {
        SseEventReader reader = new SseEventReader();
        reader.accept("data: last");
        assertEquals("last", reader.finish().orElseThrow());
        assertEquals(true, reader.finish().isEmpty());
    }
}
