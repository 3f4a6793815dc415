package dev.memlens.core.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Timestamps one streamed request's chunks; not thread-safe (one per request thread). */
final class StreamMeasurement {
    private final int index;
    private final ApiProgressListener listener;
    private final long sentNanos = System.nanoTime();
    private final List<Double> gaps = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private long firstTokenNanos = -1;
    private long lastTokenNanos = -1;
    private int textChunks;
    private int promptTokens = -1;
    private int completionTokens = -1;
    private boolean done;
    private String error;

    StreamMeasurement(int index, ApiProgressListener listener) {
        this.index = index;
        this.listener = listener;
    }

    void text(String piece) {
        long now = System.nanoTime();
        if (firstTokenNanos < 0) {
            firstTokenNanos = now;
            listener.onFirstToken(index, seconds(now - sentNanos));
        } else {
            gaps.add(seconds(now - lastTokenNanos));
        }
        lastTokenNanos = now;
        textChunks++;
        text.append(piece);
        listener.onToken(index, piece);
    }

    void usage(int prompt, int completion) {
        promptTokens = prompt;
        completionTokens = completion;
    }

    void serverError(String message) {
        error = "the server reported an error in the stream: " + message;
    }

    void done() {
        done = true;
    }

    void streamEndedWithoutDone() {
        if (!done && error == null) {
            error = "the stream ended without [DONE] after " + textChunks + " chunks — the server may have crashed";
        }
    }

    RequestTiming finished() {
        return timing(Optional.ofNullable(error));
    }

    RequestTiming failed(String reason) {
        RequestTiming timing = timing(Optional.of(reason));
        listener.onRequestDone(timing);
        return timing;
    }

    private RequestTiming timing(Optional<String> failure) {
        double ttft = firstTokenNanos < 0 ? Double.NaN : seconds(firstTokenNanos - sentNanos);
        int completion = completionTokens >= 0 ? completionTokens : textChunks;
        return new RequestTiming(index, ttft, gaps, seconds(System.nanoTime() - sentNanos), promptTokens, completion,
                text.toString(), failure);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
