package dev.memlens.core.prometheus;

/** Reading from Prometheus failed; the message says what happened and what to do, worded for the user. */
public final class PrometheusException extends Exception {
    public PrometheusException(String message) {
        super(message);
    }

    public PrometheusException(String message, Throwable cause) {
        super(message, cause);
    }
}
