package dev.memlens.core.run.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
    private static List<String> split(String text) throws Exception {
        List<String> lines = new ArrayList<>();
        LineSplitter.split(new StringReader(text), lines::add);
        return lines;
    }

    @Test
    void splitsOnNewlineCarriageReturnAndCrLfOnce() throws Exception {
        assertEquals(List.of("a", "b", "c", "", "d", "tail"), split("a\nb\r\nc\n\nd\rtail"));
    }

    @Test
    void tqdmRedrawsAreSeparateUpdates() throws Exception {
        assertEquals(List.of(" 10%", " 20%", "100%"), split(" 10%\r 20%\r100%\n"));
    }

    @Test
    void emptyInputGivesNoLines() throws Exception {
        assertEquals(List.of(), split(""));
    }
}
