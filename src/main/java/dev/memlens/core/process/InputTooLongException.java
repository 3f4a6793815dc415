package dev.memlens.core.process;

import java.io.IOException;

/** The whole input passed a {@link BoundedLineReader}'s total bound; reading stops there. */
public final class InputTooLongException extends IOException {
    private final long maxTotalChars;

    public InputTooLongException(long maxTotalChars) {
        super("the input is longer than " + maxTotalChars + " characters");
        this.maxTotalChars = maxTotalChars;
    }

    public long maxTotalChars() {
        return maxTotalChars;
    }
}
