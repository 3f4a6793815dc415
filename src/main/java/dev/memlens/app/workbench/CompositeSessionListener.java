package dev.memlens.app.workbench;

import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.run.ProgressUpdate;
import dev.memlens.core.run.RunPhase;
import dev.memlens.core.run.SessionListener;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands each session event to every listener added, on the session's thread, in order. One listener's exception is
 * logged and does not keep the event from the others (the live chart must not stop the progress bar).
 */
public final class CompositeSessionListener implements SessionListener {
    private static final Logger LOG = Logger.getLogger(CompositeSessionListener.class.getName());
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();

    public void add(SessionListener listener) {
        listeners.add(listener);
    }

    public void remove(SessionListener listener) {
        listeners.remove(listener);
    }

    private void each(Consumer<SessionListener> event) {
        for (SessionListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a session listener failed", e);
            }
        }
    }

    @Override
    public void onPhase(RunPhase phase, long elapsedMillis) {
        each(l -> l.onPhase(phase, elapsedMillis));
    }

    @Override
    public void onProgress(ProgressUpdate progress) {
        each(l -> l.onProgress(progress));
    }

    @Override
    public void onSample(GpuSample sample, long elapsedMillis) {
        each(l -> l.onSample(sample, elapsedMillis));
    }

    @Override
    public void onLogLine(String stream, String line, dev.memlens.core.report.RunFailure failure) {
        each(l -> l.onLogLine(stream, line, failure));
    }

    @Override
    public void onEngineBudget(dev.memlens.core.vllm.breakdown.EngineBudget budget) {
        each(l -> l.onEngineBudget(budget));
    }

    @Override
    public void onKvUsage(long elapsedMillis, double fraction, Long bytesInUse) {
        each(l -> l.onKvUsage(elapsedMillis, fraction, bytesInUse));
    }

    @Override
    public void onVllmMetrics(dev.memlens.core.report.VllmMetricsSeries.Point point) {
        each(l -> l.onVllmMetrics(point));
    }

    @Override
    public void onProcesses(long timestampMillis, java.util.List<dev.memlens.core.gpu.GpuProcessSample> processes) {
        each(l -> l.onProcesses(timestampMillis, processes));
    }

    @Override
    public void onWarning(String message) {
        each(l -> l.onWarning(message));
    }

    @Override
    public void onFinished(ProfileReport report, Path savedTo) {
        each(l -> l.onFinished(report, savedTo));
    }
}
