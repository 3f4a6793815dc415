package dev.memlens.core.vllm.breakdown;

import dev.memlens.core.estimate.VllmVersions;
import dev.memlens.core.report.BenchmarkParameters;
import dev.memlens.core.report.EngineShare;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.MeasuredFigure;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunMode;
import java.util.List;
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
 * @param gpus         how many GPUs vLLM budgets (tensor × pipeline parallel size): the GPUs sampled may be more
 */
public record EngineBudget(Double share, Source source, String rulesVersion, Long perGpuBytes, int gpus) {
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
        if (gpus < 1) {
            throw new IllegalArgumentException("an engine budgets at least one GPU, got " + gpus);
        }
    }

    /** A budget on one GPU (vLLM's default tensor and pipeline parallel sizes are 1). */
    public EngineBudget(Double share, Source source, String rulesVersion, Long perGpuBytes) {
        this(share, source, rulesVersion, perGpuBytes, 1);
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
     * The budget a saved report records: the run's own argument (its parameters); else the share the engine said
     * (the report's {@link EngineShare}: vLLM's log, or for a server MemLens did not start its /metrics; older
     * reports of such a server keep that share in the parameters); else only the budget vLLM's log gave (the
     * account's {@code vllm_budget_requested}, summed over the ranks). Empty when it records none of them (a
     * transformers run, a server started elsewhere, a log without the figures). On the GPUs the parameters say vLLM
     * used ({@link #engineGpus}).
     */
    public static Optional<EngineBudget> of(ProfileReport report) {
        BenchmarkParameters p = report.parameters();
        int gpus = engineGpus(p);
        Long perGpu = loggedPerGpuBytes(report, gpus);
        Double argument = p.gpuMemoryUtilization();
        boolean server = report.mode() == RunMode.API || report.mode() == RunMode.DOCKER;
        EngineShare said = report.engineShare();
        EngineBudget b;
        if (validShare(argument) && !server) {
            b = fromArguments(argument);
        } else if (said != null) {
            b = said.source() == FigureSource.VLLM_METRICS ? fromMetrics(said.share()) : fromLog(said.share());
        } else if (validShare(argument)) {
            b = fromMetrics(argument);
        } else if (perGpu != null) {
            b = new EngineBudget(null, Source.ENGINE_LOG, null, perGpu);
        } else {
            return Optional.empty();
        }
        return Optional.of((perGpu == null ? b : b.withPerGpuBytes(perGpu)).onGpus(gpus));
    }

    /** The share to keep in a report for what the engine said: the log's or the /metrics', null for the others. */
    public EngineShare saidByEngine() {
        return share == null ? null : switch (source) {
            case ENGINE_LOG -> new EngineShare(share, FigureSource.VLLM_LOG);
            case ENGINE_METRICS -> new EngineShare(share, FigureSource.VLLM_METRICS);
            default -> null;
        };
    }

    private static Long loggedPerGpuBytes(ProfileReport report, int ranks) {
        MeasuredFigure requested = report.account().details().get(REQUESTED_DETAIL);
        if (requested == null || requested.source() != FigureSource.VLLM_LOG || requested.bytes() <= 0) {
            return null;
        }
        return requested.bytes() / ranks;
    }

    /** The GPUs vLLM budgets in a report's run: its tensor × pipeline parallel size (each 1 when not given). */
    public static int engineGpus(BenchmarkParameters p) {
        String extra = p.other().get("extra_engine_args");
        Integer pp = positive(p.other().get("pipeline_parallel_size"));
        return engineGpus(p.tensorParallelSize(), pp != null ? pp
                : pipelineParallelSize(extra == null ? List.of() : List.of(extra.trim().split("\\s+"))));
    }

    /** tensor × pipeline parallel size, each 1 when null or not positive. */
    public static int engineGpus(Integer tensorParallel, Integer pipelineParallel) {
        int tp = tensorParallel == null || tensorParallel < 1 ? 1 : tensorParallel;
        int pp = pipelineParallel == null || pipelineParallel < 1 ? 1 : pipelineParallel;
        return Math.multiplyExact(tp, pp);
    }

    /** --pipeline-parallel-size (or -pp) among vLLM arguments, as "N" or "=N"; null when they do not give it. */
    public static Integer pipelineParallelSize(List<String> args) {
        Integer found = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            for (String flag : List.of("--pipeline-parallel-size", "-pp")) {
                if (a.equals(flag) && i + 1 < args.size()) {
                    found = positive(args.get(i + 1));
                } else if (a.startsWith(flag + "=")) {
                    found = positive(a.substring(flag.length() + 1));
                }
            }
        }
        return found;
    }

    private static Integer positive(String text) {
        if (text == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(text.trim());
            return n >= 1 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** This budget on {@code n} GPUs: the GPUs vLLM budgets, not those sampled. */
    public EngineBudget onGpus(int n) {
        return new EngineBudget(share, source, rulesVersion, perGpuBytes, n);
    }

    public EngineBudget withPerGpuBytes(long bytes) {
        return new EngineBudget(share, source, rulesVersion, bytes, gpus);
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

    /** The share as a report's parameters list it, with its source: "0.90 (from vLLM's /metrics)"; null without one. */
    public String parameterText() {
        return share == null ? null : shareText() + " (" + sourceLabel() + ")";
    }

    /** The share with two decimals ("0.95"), null when only the bytes are known. */
    public String shareText() {
        return share == null ? null : String.format(Locale.ROOT, "%.2f", share);
    }
}
