package dev.memlens.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BoundedLineReaderTest {
    private static List<String> lines(String text, int max) throws IOException {
        List<String> lines = new ArrayList<>();
        BoundedLineReader reader = new BoundedLineReader(new StringReader(text), max);
        while (true) {
            try {
                String line = reader.readLine();
                if (line == null) {
                    return lines;
                }
                lines.add(line);
            } catch (LineTooLongException e) {
                lines.add("<too long: line " + e.lineNumber() + ">");
            }
        }
    }

    @Test
    void splitsOnNewlineCarriageReturnAndCrLfOnce() throws Exception {
        assertEquals(List.of("a", "b", "c", "", "d", "tail"), lines("a\nb\r\nc\n\nd\rtail", 100));
    }

    @Test
    void tqdmRedrawsAreSeparateLines() throws Exception {
        assertEquals(List.of(" 10%", " 20%", "100%"), lines(" 10%\r 20%\r100%\n", 100));
    }

    @Test
    void emptyInputGivesNoLines() throws Exception {
        assertEquals(List.of(), lines("", 100));
    }

    @Test
    void aLineOverTheLimitIsAnErrorAndTheNextLineIsReadWhole() throws Exception {
        assertEquals(List.of("ok", "<too long: line 2>", "next", "12345"), lines("ok\n123456\nnext\n12345", 5));
    }

    @Test
    void aLineOfExactlyTheLimitIsFine() throws Exception {
        assertEquals(List.of("12345"), lines("12345\n", 5));
    }

    @Test
    void anEndlessLineReportsOnceAndKeepsNoText() throws Exception {
        Reader endless = new Reader() {
            private long left = 20_000_000;

            @Override
            public int read(char[] buffer, int offset, int length) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(length, left);
                java.util.Arrays.fill(buffer, offset, offset + n, 'x');
                left -= n;
                return n;
            }

            @Override
            public void close() {
            }
        };
        BoundedLineReader reader = new BoundedLineReader(endless, 1000);
        LineTooLongException error = assertThrows(LineTooLongException.class, reader::readLine);
        assertEquals(1, error.lineNumber());
        assertNull(reader.readLine(), "the rest of the endless line is skipped to the end of the stream");
    }

    @Test
    void crLfSplitAcrossTheReadBufferIsOneLineEnd() throws Exception {
        String first = "x".repeat(8191) + "\r";
        assertEquals(List.of("x".repeat(8191), "y"), lines(first + "\ny\n", 10_000));
    }

    /** Random texts over a small alphabet, against a plain reference splitter (seeded: the same cases every run). */
    @Test
    void agreesWithAReferenceSplitterOnRandomTexts() throws Exception {
        Random random = new Random(12);
        char[] alphabet = {'a', 'b', '\n', '\r', ' ', 'é'};
        for (int round = 0; round < 2000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(60);
            for (int i = 0; i < length; i++) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }
            int max = 1 + random.nextInt(8);
            assertEquals(reference(text.toString(), max), lines(text.toString(), max), "text " + escape(text) + " max " + max);
        }
    }

    private static List<String> reference(String text, int max) {
        List<String> raw = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                raw.add(line.toString());
                line.setLength(0);
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
            } else {
                line.append(c);
            }
        }
        if (line.length() > 0) {
            raw.add(line.toString());
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            expected.add(raw.get(i).length() > max ? "<too long: line " + (i + 1) + ">" : raw.get(i));
        }
        return expected;
    }

    @Test
    void theWholeInputIsBoundedAndEveryReadIsReportedAsActivity() throws IOException {
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        BoundedLineReader reader = new BoundedLineReader(new StringReader("ab\ncd\nef\n"), 100, 6, reads::incrementAndGet);
        InputTooLongException e = assertThrows(InputTooLongException.class, reader::readLine,
                "9 characters pass a bound of 6 at the first read of them");
        assertEquals(6, e.maxTotalChars());
        assertEquals(1, reads.get());

        BoundedLineReader within = new BoundedLineReader(new StringReader("ab\ncd"), 100, 5, reads::incrementAndGet);
        assertEquals("ab", within.readLine());
        assertEquals("cd", within.readLine());
        assertNull(within.readLine());
        assertEquals(2, reads.get(), "one read brought characters, the end of the stream is no activity");
    }

    private static String escape(CharSequence text) {
        return text.toString().replace("\r", "\\r").replace("\n", "\\n");
    }
}
