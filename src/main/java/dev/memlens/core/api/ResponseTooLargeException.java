package dev.memlens.core.api;

import java.io.IOException;

/** A server's response, or one line of it, over its bound: refused instead of filling the heap. */
final class ResponseTooLargeException extends IOException {
    ResponseTooLargeException(String message) {
        super(message);
    }

    /** Human sizes for the messages. */
    static String describe(long bytes) {
        return bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB"
                : bytes >= 1 << 10 && bytes % (1 << 10) == 0 ? (bytes >> 10) + " KiB" : bytes + " bytes";
    }
}
