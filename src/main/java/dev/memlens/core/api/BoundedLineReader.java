package dev.memlens.core.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads UTF-8 lines from a server's response with two bounds: a line longer than {@code maxLineBytes} and a response
 * longer than {@code maxTotalBytes} are errors, so an endless or newline-free body cannot exhaust the heap. Lines end
 * at "\n", "\r\n" or "\r" (SSE allows all three). Each read reports progress to the {@code activity} callback, which
 * the idle timeout uses.
 */
final class BoundedLineReader {
    private final InputStream in;
    private final long maxLineBytes;
    private final long maxTotalBytes;
    private final Runnable activity;
    private final byte[] buffer = new byte[8192];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private int position;
    private int limit;
    private long total;
    private boolean skipLineFeed;

    BoundedLineReader(InputStream in, long maxLineBytes, long maxTotalBytes, Runnable activity) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.maxTotalBytes = maxTotalBytes;
        this.activity = activity;
    }

    /** The next line without its end, or null at the end of the body. */
    String readLine() throws IOException {
        line.reset();
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return line.size() > 0 ? line.toString(StandardCharsets.UTF_8) : null;
                }
                total += limit;
                activity.run();
                if (total > maxTotalBytes) {
                    throw new ResponseTooLargeException("the response is longer than " + Sizes.describe(maxTotalBytes));
                }
            }
            byte b = buffer[position++];
            if (skipLineFeed) {
                skipLineFeed = false;
                if (b == '\n') {
                    continue;
                }
            }
            if (b == '\n' || b == '\r') {
                skipLineFeed = b == '\r';
                return line.toString(StandardCharsets.UTF_8);
            }
            if (line.size() >= maxLineBytes) {
                throw new ResponseTooLargeException("a line of the response is longer than "
                        + Sizes.describe(maxLineBytes));
            }
            line.write(b);
        }
    }

    /** A body or line over its bound. */
    static final class ResponseTooLargeException extends IOException {
        ResponseTooLargeException(String message) {
            super(message);
        }
    }

    /** Human sizes for the messages. */
    static final class Sizes {
        private Sizes() {
        }

        static String describe(long bytes) {
            return bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB"
                    : bytes >= 1 << 10 && bytes % (1 << 10) == 0 ? (bytes >> 10) + " KiB" : bytes + " bytes";
        }
    }
}
