package dev.memlens.core.run.modes;

import dev.memlens.core.run.ProgressUpdate;
import dev.memlens.core.run.RunContext;
import dev.memlens.core.run.RunPhase;
import dev.memlens.core.process.Host;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** A RunContext that records every event, for workload tests; thread-safe. */
public final class RecordingRunContext implements RunContext {
    record KvUsage(double fraction, Long bytes) {
    }

    final List<RunPhase> phases = new CopyOnWriteArrayList<>();
    final List<ProgressUpdate> progress = new CopyOnWriteArrayList<>();
    final List<String> logLines = new CopyOnWriteArrayList<>();
    final List<KvUsage> kvUsages = new CopyOnWriteArrayList<>();
    final List<String> warnings = new CopyOnWriteArrayList<>();
    /** The lines the workload flagged as a failure, and what it recognised in them. */
    public final Map<String, dev.memlens.core.report.RunFailure> flaggedLines = new java.util.concurrent.ConcurrentHashMap<>();
    public final List<dev.memlens.core.vllm.breakdown.EngineBudget> engineBudgets = new CopyOnWriteArrayList<>();
    /** Counts down at the first log line containing {@link #awaitedText}. */
    final CountDownLatch sawAwaitedLine = new CountDownLatch(1);
    volatile String awaitedText = "\u0000never";
    private final Map<String, String> environment;
    private final Path scratch;
    private final Host runner = Host.local();
    private final long started = System.nanoTime();

    public RecordingRunContext(Map<String, String> environment, Path scratch) {
        this.environment = Map.copyOf(environment);
        this.scratch = scratch;
    }

    @Override
    public void phase(RunPhase phase) {
        phases.add(phase);
    }

    @Override
    public void progress(ProgressUpdate update) {
        progress.add(update);
    }

    @Override
    public void logLine(String stream, String line, dev.memlens.core.report.RunFailure failure) {
        logLines.add(stream + ": " + line);
        if (failure != null) {
            flaggedLines.put(line, failure);
        }
        if (line.contains(awaitedText)) {
            sawAwaitedLine.countDown();
        }
    }

    @Override
    public void engineBudget(dev.memlens.core.vllm.breakdown.EngineBudget budget) {
        engineBudgets.add(budget);
    }

    @Override
    public void kvUsage(double fraction, Long bytesInUse) {
        kvUsages.add(new KvUsage(fraction, bytesInUse));
    }

    @Override
    public void warning(String message) {
        warnings.add(message);
    }

    @Override
    public Host processes() {
        return runner;
    }

    @Override
    public Map<String, String> environment() {
        return environment;
    }

    @Override
    public Path scratchDir() {
        return scratch;
    }

    @Override
    public long elapsedMillis() {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
