package dev.memlens.core.gpu.trace;

import java.util.List;

/** What a trace reader learnt besides the events: the format, whether times are real, and its warnings. */
record TraceInfo(TraceFormat format, boolean realTimestamps, List<String> warnings) {
    TraceInfo {
        warnings = List.copyOf(warnings);
    }

    static TraceInfo of(Trace trace) {
        return new TraceInfo(trace.format(), trace.realTimestamps(), trace.warnings());
    }
}
