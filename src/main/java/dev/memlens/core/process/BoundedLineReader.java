package dev.memlens.core.process;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Reads a child's output line by line with a bound on each line: lines end at {@code \n}, {@code \r\n} or a lone
 * {@code \r} (tqdm redraws with \r), and a line longer than the limit is an error, never a growing buffer. After a
 * {@link LineTooLongException} the rest of that line is skipped (without storing it) and reading goes on with the
 * next one, so output without any newline costs at most {@code maxLineChars} of memory. Optionally the whole input
 * is bounded too (an endless server response) and every read is reported to an activity callback (an idle timeout).
 */
public final class BoundedLineReader implements Closeable {
    /** Far above any line nvidia-smi, vLLM or the profiler script print; far below a heap problem. */
    public static final int DEFAULT_MAX_LINE_CHARS = 64 * 1024;

    private final Reader in;
    private final int maxLineChars;
    private final long maxTotalChars;
    private final Runnable activity;
    private long totalChars;
    private final char[] buffer = new char[8192];
    private final StringBuilder line = new StringBuilder(256);
    private int position;
    private int limit;
    private boolean previousWasCarriageReturn;
    private boolean skippingOverlongLine;
    private long lineNumber;

    public BoundedLineReader(Reader in, int maxLineChars) {
        this(in, maxLineChars, Long.MAX_VALUE, () -> { });
    }

    /**
     * A reader that also fails with {@link InputTooLongException} once more than {@code maxTotalChars} were read, and
     * calls {@code activity} after every read that brought characters.
     */
    public BoundedLineReader(Reader in, int maxLineChars, long maxTotalChars, Runnable activity) {
        if (maxLineChars < 1) {
            throw new IllegalArgumentException("maxLineChars must be at least 1, not " + maxLineChars);
        }
        if (maxTotalChars < 1) {
            throw new IllegalArgumentException("maxTotalChars must be at least 1, not " + maxTotalChars);
        }
        this.in = in;
        this.maxLineChars = maxLineChars;
        this.maxTotalChars = maxTotalChars;
        this.activity = activity;
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
                totalChars += limit;
                activity.run();
                if (totalChars > maxTotalChars) {
                    throw new InputTooLongException(maxTotalChars);
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
