package dev.memlens.core.run;

import dev.memlens.core.process.Host;
import java.nio.file.Path;
import java.util.Map;

/** What a workload may use while it runs: events to the session, the process runner, a scratch folder. */
public interface RunContext {
    void phase(RunPhase phase);

    void progress(ProgressUpdate progress);

    /** A line of the workload's output, not recognised as a failure. */
    default void logLine(String stream, String line) {
        logLine(stream, line, null);
    }

    /** A line of the workload's output; {@code failure} is what the workload's parser recognised in it, or null. */
    void logLine(String stream, String line, dev.memlens.core.report.RunFailure failure);

    /**
     * The engine's memory budget became known or changed (the utilisation its log reported, the version's default
     * once the version is known); the workload's own parser of the run's output tells it, nobody parses it twice.
     */
    default void engineBudget(dev.memlens.core.vllm.breakdown.EngineBudget budget) {
    }

    void kvUsage(double fraction, Long bytesInUse);

    /** One scrape of vLLM's /metrics, stamped with {@link #elapsedMillis()} (api mode). */
    default void vllmMetrics(dev.memlens.core.report.VllmMetricsSeries.Point point) {
    }

    void warning(String message);

    Host processes();

    /** The environment children get (PATH included); tests put stand-in executables first. */
    Map<String, String> environment();

    /** A folder for temporary files of this run, deleted when the run ends. */
    Path scratchDir();

    /** Milliseconds since the run started. */
    long elapsedMillis();

    /** When the run started (epoch ms): maps another clock's timestamps (a Prometheus scrape's) onto the run's. */
    default long startedAtEpochMillis() {
        return System.currentTimeMillis() - elapsedMillis();
    }
}
