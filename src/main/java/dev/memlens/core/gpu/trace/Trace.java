package dev.memlens.core.gpu.trace;

import dev.memlens.core.gpu.GpuSample;
import java.util.List;

/**
 * A recorded trace read from a file.
 *
 * @param realTimestamps false when the file has no times (a one-off snapshot, headerless CSV without a timestamp
 *                       column): timestamps are then tick numbers times one second from the epoch
 * @param warnings       what the reader skipped or assumed, worded for the user
 */
public record Trace(TraceFormat format, List<TraceEvent> events, boolean realTimestamps, List<String> warnings) {
    /** Spacing of synthetic timestamps for files without times. */
    public static final long SYNTHETIC_TICK_MILLIS = 1000;

    public Trace {
        events = List.copyOf(events);
        warnings = List.copyOf(warnings);
    }

    public List<GpuSample> samples() {
        return events.stream().filter(e -> e instanceof TraceEvent.Sample)
                .map(e -> ((TraceEvent.Sample) e).sample()).toList();
    }
}
