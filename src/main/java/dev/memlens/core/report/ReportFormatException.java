package dev.memlens.core.report;

/** A report that cannot be read: the message names the file, the field and what to do. */
public final class ReportFormatException extends Exception {
    public ReportFormatException(String message) {
        super(message);
    }

    public ReportFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
