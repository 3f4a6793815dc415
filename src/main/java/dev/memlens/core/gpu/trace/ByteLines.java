package dev.memlens.core.gpu.trace;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The lines of a stream as byte ranges of one reused buffer, without decoding or copying: the trace readers parse
 * ASCII cells straight from the bytes, which is what makes a 200 MB trace fast. A line ends at "\n" (a "\r" before
 * it is dropped); a line longer than {@link #MAX_LINE_BYTES} is an error, so a file without line ends cannot fill the
 * heap.
 */
final class ByteLines {
    static final int MAX_LINE_BYTES = 1 << 20;

    private final InputStream in;
    private final String fileName;
    private byte[] buffer = new byte[1 << 20];
    private int start;
    private int limit;
    private boolean eof;
    private long lineNumber;
    /** The current line: buffer[lineStart, lineEnd). */
    int lineStart;
    int lineEnd;

    ByteLines(InputStream in, String fileName) {
        this.in = in;
        this.fileName = fileName;
    }

    byte[] buffer() {
        return buffer;
    }

    long lineNumber() {
        return lineNumber;
    }

    /** Moves to the next line; false at the end of the stream. */
    boolean next() throws IOException, TraceException {
        while (true) {
            for (int i = start; i < limit; i++) {
                if (buffer[i] == '\n') {
                    lineStart = start;
                    lineEnd = i > start && buffer[i - 1] == '\r' ? i - 1 : i;
                    start = i + 1;
                    lineNumber++;
                    return true;
                }
            }
            if (limit - start > MAX_LINE_BYTES) {
                throw new TraceException(fileName + " line " + (lineNumber + 1) + " is longer than "
                        + (MAX_LINE_BYTES >> 20) + " MiB: this is not a trace MemLens reads (line ends missing?)");
            }
            if (eof) {
                if (start == limit) {
                    return false;
                }
                lineStart = start;
                lineEnd = limit > start && buffer[limit - 1] == '\r' ? limit - 1 : limit;
                start = limit;
                lineNumber++;
                return true;
            }
            fill();
        }
    }

    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, limit - start);
            limit -= start;
            start = 0;
        }
        if (limit == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    /** The current line as text, for messages and the rare slow path. */
    String text() {
        return new String(buffer, lineStart, lineEnd - lineStart, java.nio.charset.StandardCharsets.UTF_8);
    }
}
