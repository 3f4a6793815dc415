package dev.memlens.core.process;

import java.io.IOException;

/** A line of a child's output passed the reader's bound; the reader skips the rest of it and can go on. */
public final class LineTooLongException extends IOException {
    private final long lineNumber;
    private final int maxLineChars;

    public LineTooLongException(long lineNumber, int maxLineChars) {
        super("line " + lineNumber + " is longer than " + maxLineChars + " characters; the rest of it was skipped");
        this.lineNumber = lineNumber;
        this.maxLineChars = maxLineChars;
    }

    public long lineNumber() {
        return lineNumber;
    }

    public int maxLineChars() {
        return maxLineChars;
    }
}
