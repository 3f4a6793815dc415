package dev.memlens.core.hf;

import dev.memlens.core.process.StreamKind;

/** Receives a profiler run's events and its other output lines, on the process's drain threads. */
public interface HfEventListener {
    void onEvent(HfEvent event);

    /** A line that is not an event: stderr (warnings, tracebacks, progress) or non-JSON stdout. */
    default void onOutputLine(StreamKind stream, String line) {
    }
}
