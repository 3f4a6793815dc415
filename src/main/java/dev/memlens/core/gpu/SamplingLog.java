package dev.memlens.core.gpu;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the running tally behind a {@link SamplingHealth}: samples counted, gaps and errors kept (bounded) with their
 * times made relative to the run's start. Thread-safe: the sampler's threads report while the session reads.
 */
public final class SamplingLog {
    /** Gaps and errors kept each; beyond this they are only counted. */
    public static final int MAX_ENTRIES = 100;

    private final String tool;
    private final long intervalMs;
    private final long startEpochMillis;
    private final List<SamplingHealth.Gap> gaps = new ArrayList<>();
    private final List<SamplingHealth.Error> errors = new ArrayList<>();
    private long samples;
    private long dropped;
    private SamplingHealth.Error fatal;

    /** @param tool the sampler's description, or null when no sampler runs */
    public SamplingLog(String tool, long intervalMs, long startEpochMillis) {
        this.tool = tool;
        this.intervalMs = intervalMs;
        this.startEpochMillis = startEpochMillis;
    }

    public synchronized void sample() {
        samples++;
    }

    public synchronized void gap(GpuGap gap) {
        SamplingHealth.Gap entry = new SamplingHealth.Gap(relative(gap.fromMillis()), relative(gap.toMillis()),
                gap.reason());
        if (gaps.size() < MAX_ENTRIES) {
            gaps.add(entry);
        } else {
            dropped++;
        }
    }

    public synchronized void error(GpuSamplerError error) {
        SamplingHealth.Error entry = new SamplingHealth.Error(relative(error.timestampMillis()), error.kind(),
                error.message(), error.fatal());
        if (error.fatal() && fatal == null) {
            fatal = entry;
        }
        if (errors.size() < MAX_ENTRIES) {
            errors.add(entry);
        } else {
            dropped++;
        }
    }

    /** Sampling ended for good although no error said so (the reader died): recorded as a fatal error. */
    public synchronized void died(String message, long epochMillis) {
        error(new GpuSamplerError(epochMillis, GpuSamplerError.Kind.TOOL_FAILED, message, true));
    }

    public synchronized SamplingHealth snapshot() {
        List<SamplingHealth.Error> kept = new ArrayList<>(errors);
        if (fatal != null && !kept.contains(fatal)) {
            kept.set(kept.size() - 1, fatal); // the error that stopped sampling is never the one dropped
        }
        return new SamplingHealth(tool, intervalMs, samples, gaps, kept, dropped);
    }

    private long relative(long epochMillis) {
        return Math.max(0, epochMillis - startEpochMillis);
    }
}
