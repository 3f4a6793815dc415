package dev.memlens.core.run;

import dev.memlens.core.report.BenchmarkParameters;
import dev.memlens.core.report.ModelInfo;

/**
 * What a profiling session runs while it samples the GPUs: vLLM's latency benchmark, requests to a running server,
 * the transformers profiler, or one of those inside a container. The session owns sampling, journaling and the
 * report; the workload owns its process and what it learns from it.
 */
public interface Workload {
    /** "bench", "api", "hf" or "docker". */
    String mode();

    ModelInfo model();

    BenchmarkParameters parameters();

    /**
     * Runs to the end, reporting through the context. Returns normally when the workload completed; throws
     * {@link WorkloadFailedException} when it failed (the session saves a failed report with what it has).
     * Must return promptly after {@link #cancel()}.
     */
    void run(RunContext context) throws WorkloadFailedException, InterruptedException;

    /** Ends the workload from another thread: the whole process tree, politely and then by force. */
    void cancel();

    /**
     * Adds what the workload measured to the report: latency, engine metadata, the measured breakdown, failures.
     * Called once after {@link #run} ended, whatever the outcome, with the GPU figures of the session.
     */
    void contribute(ReportParts parts, GpuFigures gpus);

    /**
     * The model and request the built-in estimator compares the run with, when no calculator values were given;
     * empty when the workload cannot say (no config.json found or reported).
     */
    default java.util.Optional<EstimateInput> estimateInput(java.util.Map<String, String> environment) {
        return java.util.Optional.empty();
    }
}
