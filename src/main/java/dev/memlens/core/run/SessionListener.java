package dev.memlens.core.run;

import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.report.ProfileReport;
import java.nio.file.Path;

/**
 * What a profiling session tells its UI (the CLI's progress line, the app's ViewModels). Called from the session's
 * worker threads: implementations hand the events over to their own thread and never block.
 */
public interface SessionListener {
    default void onPhase(RunPhase phase, long elapsedMillis) {
    }

    default void onProgress(ProgressUpdate progress) {
    }

    /** A GPU sample; elapsedMillis is since the run started. */
    default void onSample(GpuSample sample, long elapsedMillis) {
    }

    /** The GPU processes and their memory at one poll (nvidia-smi --query-compute-apps, NVML), from the sampler. */
    default void onProcesses(long timestampMillis, java.util.List<dev.memlens.core.gpu.GpuProcessSample> processes) {
    }

    /**
     * A line of the workload's output ("stdout" or "stderr"); {@code failure} is the failure the workload's parser
     * recognised in this line (CUDA out of memory, no memory for the KV cache ...), null for any other line.
     */
    default void onLogLine(String stream, String line, dev.memlens.core.report.RunFailure failure) {
    }

    /**
     * The engine's memory budget, each time it becomes known or changes: at the start from the run's argument or the
     * vLLM version's default, then from vLLM's log. Only engines with such a budget (vLLM) send it.
     */
    default void onEngineBudget(dev.memlens.core.vllm.breakdown.EngineBudget budget) {
    }

    /** KV cache usage from vLLM's /metrics: fraction 0..1, and bytes in use when the pool size is known. */
    default void onKvUsage(long elapsedMillis, double fraction, Long bytesInUse) {
    }

    /** One scrape of vLLM's /metrics (api mode): KV usage, running and waiting requests, the preemption counter. */
    default void onVllmMetrics(dev.memlens.core.report.VllmMetricsSeries.Point point) {
    }

    /** A problem the user should see; the run may go on (a sampler warning) or not. */
    default void onWarning(String message) {
    }

    /** The run ended and its report was saved (savedTo is null when saving failed; the message says why). */
    default void onFinished(ProfileReport report, Path savedTo) {
    }

    SessionListener NONE = new SessionListener() {
    };
}
