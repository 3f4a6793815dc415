package dev.memlens.core.gpu.trace;

/** Receives a trace's events in file order as they are read, so a large trace need not be held in memory. */
@FunctionalInterface
public interface TraceSink {
    void accept(TraceEvent event);
}
