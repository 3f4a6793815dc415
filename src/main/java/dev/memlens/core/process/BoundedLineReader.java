package dev.memlens.core.process;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Reads a child's output line by line with a bound on each line: lines end at {@code \n}, {@code \r\n} or a lone
 * {@code \r} (tqdm redraws with \r), and a line longer than the limit is an error, never a growing buffer. After a
 * {@link LineTooLongException} the rest of that line is skipped (without storing it) and reading goes on with the
 * next one, so output without any newline costs at most {@code maxLineChars} of memory.
 */
public final class BoundedLineReader implements Closeable {
    /** Far above any line nvidia-smi, vLLM or the profiler script print; far below a heap problem. */
    public static final int DEFAULT_MAX_LINE_CHARS = 64 * 1024;

    private final Reader in;
    private final int maxLineChars;
    private final char[] buffer = new char[8192];
    private final StringBuilder line = new StringBuilder(256);
    private int position;
    private int limit;
    private boolean previousWasCarriageReturn;
    private boolean skippingOverlongLine;
    private long lineNumber;

    public BoundedLineReader(Reader in, int maxLineChars) {
        if (maxLineChars < 1) {
            throw new IllegalArgumentException("maxLineChars must be at least 1, not " + maxLineChars);
        }
        this.in = in;
        this.maxLineChars = maxLineChars;
    }

    /**
     * The next line without its terminator, or null at the end of the stream (a last line without a terminator is
     * returned when it is not empty).
     *
     * @throws LineTooLongException when the line passes the limit; the next call continues after that line
     */
    public String readLine() throws IOException {
        while (true) {
            if (position == limit) {
                int read = in.read(buffer);
                position = 0;
                limit = Math.max(read, 0);
                if (read == -1) {
                    return endOfStream();
                }
                continue;
            }
            char c = buffer[position++];
            if (c == '\n' && previousWasCarriageReturn) {
                previousWasCarriageReturn = false;
                continue; // the \n of a \r\n: that line was already returned at the \r
            }
            previousWasCarriageReturn = c == '\r';
            if (c == '\n' || c == '\r') {
                lineNumber++;
                if (skippingOverlongLine) {
                    skippingOverlongLine = false;
                    continue;
                }
                String text = line.toString();
                line.setLength(0);
                return text;
            }
            if (skippingOverlongLine) {
                continue;
            }
            if (line.length() == maxLineChars) {
                line.setLength(0);
                skippingOverlongLine = true;
                throw new LineTooLongException(lineNumber + 1, maxLineChars);
            }
            line.append(c);
        }
    }

    private String endOfStream() {
        if (skippingOverlongLine || line.length() == 0) {
            skippingOverlongLine = false;
            return null;
        }
        lineNumber++;
        String text = line.toString();
        line.setLength(0);
        return text;
    }

    /** Lines completed so far (an over-long line counts once it ends). */
    public long lineNumber() {
        return lineNumber;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
