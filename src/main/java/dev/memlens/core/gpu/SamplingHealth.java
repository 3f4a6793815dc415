package dev.memlens.core.gpu;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How GPU sampling went during a run, for the report: which tool at which interval, how many samples, where samples
 * are missing and why, and the tool's errors. Times are milliseconds since the run started, like the timelines.
 *
 * @param tool       the sampler's description ("nvidia-smi (/usr/bin/nvidia-smi)"), or null when nothing sampled
 * @param intervalMs the sampling interval asked for
 * @param samples    samples received (one per GPU per tick)
 * @param gaps       stretches without samples, oldest first (at most {@link SamplingLog#MAX_ENTRIES})
 * @param errors     the tool's errors, oldest first (at most {@link SamplingLog#MAX_ENTRIES})
 * @param dropped    gaps and errors beyond the kept ones (a tool failing every interval for hours)
 */
public record SamplingHealth(String tool, long intervalMs, long samples, List<Gap> gaps, List<Error> errors,
                             long dropped) {

    /** Samples are missing from {@code startMillis} to {@code endMillis}. */
    public record Gap(long startMillis, long endMillis, String reason) {
        public long durationMillis() {
            return Math.max(0, endMillis - startMillis);
        }
    }

    /** A failure of the tool; {@code fatal} when sampling stopped for good. */
    public record Error(long atMillis, GpuSamplerError.Kind kind, String message, boolean fatal) {
        public String kindTag() {
            return kind.name().toLowerCase(Locale.ROOT);
        }
    }

    /** The overall verdict, as the report's {@code sampling.status}. */
    public enum Status {
        /** Sampled the whole run. */
        OK,
        /** Sampled, with stretches missing. */
        GAPS,
        /** Sampling stopped for good during the run: the timeline and peak are incomplete. */
        FAILED,
        /** No GPU tool sampled (none found, or the run was not sampled). */
        NOT_SAMPLED;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status fromTag(String tag) {
            return valueOf(tag.trim().toUpperCase(Locale.ROOT));
        }
    }

    public SamplingHealth {
        gaps = List.copyOf(gaps);
        errors = List.copyOf(errors);
    }

    /** A run without a GPU tool. */
    public static SamplingHealth notSampled(long intervalMs) {
        return new SamplingHealth(null, intervalMs, 0, List.of(), List.of(), 0);
    }

    public Status status() {
        if (fatalError().isPresent()) {
            return Status.FAILED;
        }
        if (tool == null) {
            return Status.NOT_SAMPLED;
        }
        return gaps.isEmpty() ? Status.OK : Status.GAPS;
    }

    public boolean failed() {
        return status() == Status.FAILED;
    }

    /** The error that stopped sampling, if one did. */
    public Optional<Error> fatalError() {
        return errors.stream().filter(Error::fatal).findFirst();
    }

    public long missingMillis() {
        return gaps.stream().mapToLong(Gap::durationMillis).sum();
    }

    /** One line for summaries: "nvidia-smi every 100 ms: 412 samples, 2 gaps (3.4 s without samples), 1 error". */
    public String summary() {
        if (tool == null) {
            return "not sampled (no GPU tool)";
        }
        StringBuilder text = new StringBuilder(tool).append(" every ").append(intervalMs).append(" ms: ")
                .append(samples).append(samples == 1 ? " sample" : " samples");
        if (!gaps.isEmpty()) {
            text.append(", ").append(gaps.size()).append(gaps.size() == 1 ? " gap (" : " gaps (")
                    .append(String.format(Locale.ROOT, "%.1f", missingMillis() / 1000.0)).append(" s without samples)");
        }
        if (!errors.isEmpty()) {
            text.append(", ").append(errors.size()).append(errors.size() == 1 ? " error" : " errors");
        }
        fatalError().ifPresent(error -> text.append("; sampling FAILED at ")
                .append(String.format(Locale.ROOT, "%.1f", error.atMillis() / 1000.0)).append(" s: ")
                .append(error.message()));
        return text.toString();
    }
}
