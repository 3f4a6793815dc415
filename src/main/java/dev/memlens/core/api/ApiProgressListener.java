package dev.memlens.core.api;

/** Progress of a batch of streamed requests; called on the request threads. All methods are optional. */
public interface ApiProgressListener {
    /** A request received its first text. */
    default void onFirstToken(int requestIndex, double timeToFirstTokenS) {
    }

    /** A text chunk arrived (one per decode step on vLLM). */
    default void onToken(int requestIndex, String text) {
    }

    /** A request ended, successfully or not. */
    default void onRequestDone(RequestTiming timing) {
    }

    ApiProgressListener NONE = new ApiProgressListener() { };
}
