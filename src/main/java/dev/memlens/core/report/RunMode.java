package dev.memlens.core.report;

import java.util.Locale;

/** How a run was profiled. */
public enum RunMode {
    /** vllm bench latency launched by MemLens. */
    BENCH,
    /** transformers generate through the bundled python profiler. */
    HF,
    /** the python profiler inside a container. */
    DOCKER,
    /** a running OpenAI-compatible server under load. */
    API,
    /** a time range of a cluster's GPU memory series read from Prometheus (nothing launched, nothing loaded). */
    PROMETHEUS;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether MemLens started the engine, so a baseline before it exists (attach mode has none). */
    public boolean launchesEngine() {
        return this != API && this != PROMETHEUS;
    }

    public static RunMode fromTag(String tag) {
        try {
            return valueOf(tag.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown mode '" + tag + "': use bench, hf, docker, api or prometheus");
        }
    }
}
