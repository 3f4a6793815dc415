package dev.memlens.core.vllm.breakdown;

import dev.memlens.core.estimate.VllmVersions;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.MeasuredFigure;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunMode;
import java.util.Locale;
import java.util.Optional;

/**
 * The share of each GPU vLLM reserves for itself (its gpu_memory_utilization), where that share came from, and the
 * per-GPU budget in bytes where vLLM's log gives it (utilisation × the GPU memory vLLM saw). The one owner of "which
 * utilisation did this run use": the live run (through the bench workload's log parser), a reopened report and the
 * estimate all ask it. The precedence is the run's own argument, then vLLM's log, then the default of the vLLM
 * version's rules ({@link VllmVersions}).
 *
 * @param share        the utilisation in (0, 1]; null only when a saved report keeps the budget's bytes but not
 *                     the share
 * @param source       where the share (or, without one, the bytes) came from
 * @param rulesVersion for {@link Source#VERSION_DEFAULT}: the vLLM version whose default it is, null for the newest
 * @param perGpuBytes  vLLM's own budget on each GPU, from its log; null when the log has not said it
 */
public record EngineBudget(Double share, Source source, String rulesVersion, Long perGpuBytes) {
    /** The detail {@link VllmAccount} writes: Σ over ranks of utilisation × total GPU memory, from vLLM's log. */
    static final String REQUESTED_DETAIL = "vllm_budget_requested";

    public enum Source {
        ARGUMENTS("from --gpu-memory-utilization"),
        ENGINE_LOG("from the vLLM log"),
        /** A server MemLens did not start: its cache_config_info on /metrics (api mode, a vLLM container). */
        ENGINE_METRICS("from vLLM's /metrics"),
        VERSION_DEFAULT("default, not yet in the log");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public EngineBudget {
        java.util.Objects.requireNonNull(source, "source");
        if (share == null && perGpuBytes == null) {
            throw new IllegalArgumentException("an engine budget needs its share or its bytes");
        }
        if (share != null && !validShare(share)) {
            throw new IllegalArgumentException("an engine's memory share is in (0, 1], got " + share);
        }
        if (perGpuBytes != null && perGpuBytes <= 0) {
            throw new IllegalArgumentException("an engine's per-GPU budget is positive, got " + perGpuBytes);
        }
    }

    public static boolean validShare(Double share) {
        return share != null && share > 0 && share <= 1;
    }

    public static EngineBudget fromArguments(double share) {
        return new EngineBudget(share, Source.ARGUMENTS, null, null);
    }

    public static EngineBudget fromLog(double share) {
        return new EngineBudget(share, Source.ENGINE_LOG, null, null);
    }

    /** The default utilisation of the vLLM that runs ({@code version}; null or unreadable: the newest rules). */
    public static EngineBudget versionDefault(String version) {
        String known = VllmVersions.find(version).isPresent() ? version.trim() : null;
        return new EngineBudget(VllmVersions.rules(known).defaultUtilization(), Source.VERSION_DEFAULT, known, null);
    }

    /**
     * The rule: the run's argument, else the log's utilisation, else the version's default. The log's GPU total
     * gives the per-GPU bytes (vLLM multiplies the same two), whichever source the share has.
     *
     * @param argument       --gpu-memory-utilization as the run was given it, or null
     * @param logged         the utilisation vLLM's log reported, or null
     * @param loggedGpuTotal the GPU memory vLLM's log says it saw (bytes), or null
     * @param version        the vLLM version that runs, or null when unknown
     */
    public static EngineBudget resolve(Double argument, Double logged, Long loggedGpuTotal, String version) {
        EngineBudget chosen = validShare(argument) ? fromArguments(argument)
                : validShare(logged) ? fromLog(logged) : versionDefault(version);
        if (validShare(logged) && loggedGpuTotal != null && loggedGpuTotal > 0) {
            return chosen.withPerGpuBytes(Math.round(logged * loggedGpuTotal));
        }
        return chosen;
    }

    /** The utilisation a running server's /metrics reports (its cache_config_info). */
    public static EngineBudget fromMetrics(double share) {
        return new EngineBudget(share, Source.ENGINE_METRICS, null, null);
    }

    /**
     * The budget a saved report records: the utilisation in its parameters (the run's argument; for a server
     * MemLens did not start, what its /metrics said), else the budget vLLM's log gave (the
     * account's {@code vllm_budget_requested}, summed over the tensor-parallel ranks); empty when it records neither
     * (a transformers run, a server started elsewhere, a log without the figures).
     */
    public static Optional<EngineBudget> of(ProfileReport report) {
        Double share = report.parameters().gpuMemoryUtilization();
        Long perGpu = loggedPerGpuBytes(report);
        if (validShare(share)) {
            boolean server = report.mode() == RunMode.API || report.mode() == RunMode.DOCKER;
            EngineBudget b = server ? fromMetrics(share) : fromArguments(share);
            return Optional.of(perGpu == null ? b : b.withPerGpuBytes(perGpu));
        }
        return perGpu == null ? Optional.empty() : Optional.of(new EngineBudget(null, Source.ENGINE_LOG, null, perGpu));
    }

    private static Long loggedPerGpuBytes(ProfileReport report) {
        MeasuredFigure requested = report.account().details().get(REQUESTED_DETAIL);
        if (requested == null || requested.source() != FigureSource.VLLM_LOG || requested.bytes() <= 0) {
            return null;
        }
        Integer tp = report.parameters().tensorParallelSize();
        int ranks = tp == null || tp < 1 ? 1 : tp;
        return requested.bytes() / ranks;
    }

    public EngineBudget withPerGpuBytes(long bytes) {
        return new EngineBudget(share, source, rulesVersion, bytes);
    }

    /** The budget on one GPU of this capacity: vLLM's own figure when its log gave it, else share × capacity. */
    public long bytesOn(long gpuCapacity) {
        return perGpuBytes != null ? perGpuBytes : Math.round(gpuCapacity * share);
    }

    /** "from the vLLM log", "vLLM 0.19.1's default, not yet in the log", "the newest vLLM's default, …". */
    public String sourceLabel() {
        if (source != Source.VERSION_DEFAULT) {
            return source.label();
        }
        return (rulesVersion == null ? "the newest vLLM's " : "vLLM " + rulesVersion + "'s ") + source.label();
    }

    /** The share with two decimals ("0.95"), null when only the bytes are known. */
    public String shareText() {
        return share == null ? null : String.format(Locale.ROOT, "%.2f", share);
    }
}
