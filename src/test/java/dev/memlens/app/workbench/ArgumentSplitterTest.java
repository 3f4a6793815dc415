package dev.memlens.app.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArgumentSplitterTest {
    @Test
    void splitsOnSpacesAndKeepsQuotedTextTogetherWithoutExpandingAnything() {
        assertEquals(List.of("--a", "1", "two words", "$HOME;rm", ""), ArgumentSplitter.split("  --a 1 'two words' \"$HOME;rm\" ''"));
        assertEquals(List.of(), ArgumentSplitter.split("   "));
        assertThrows(IllegalArgumentException.class, () -> ArgumentSplitter.split("'open"));
    }
}
