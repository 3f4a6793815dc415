package dev.memlens.core.report;

/** The start of a run phase (loading, profiling, kv-allocation, warm-up, measuring...) in ms since the run started. */
public record PhaseMark(String phase, long startMillis) {
}
