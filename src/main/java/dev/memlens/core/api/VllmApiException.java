package dev.memlens.core.api;

import java.io.IOException;

/** A failure talking to the vLLM API, with a message that says what to check. Never contains the API key. */
public class VllmApiException extends IOException {
    private final int httpStatus;

    public VllmApiException(String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
    }

    public VllmApiException(String message, Throwable cause) {
        this(message, -1, cause);
    }

    /** The HTTP status that caused it, or -1 when no response came. */
    public int httpStatus() {
        return httpStatus;
    }
}
