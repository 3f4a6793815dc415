package dev.memlens.app.workbench;

import dev.memlens.app.task.BackgroundTask;
import dev.memlens.app.task.TaskExecutor;
import dev.memlens.core.estimate.EstimateRequest;
import dev.memlens.core.model.ModelSpec;
import dev.memlens.core.run.ProfileSession;
import dev.memlens.core.run.ProgressUpdate;
import dev.memlens.core.run.RunPhase;
import dev.memlens.core.run.SessionListener;
import dev.memlens.core.run.SessionOutcome;
import dev.memlens.core.run.SessionSettings;
import dev.memlens.core.run.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * One profiling run at a time: starts the session through the TaskExecutor, follows its phase, progress and log on
 * the UI thread, cancels it, and says how it ended. Further listeners (the live chart) join through
 * {@link #sessionListeners()}; they get the events on the session's thread.
 */
public final class RunViewModel {
    /** The log keeps the newest lines; a chatty run must not grow the list without bound. */
    static final int MAX_LOG_LINES = 20_000;

    /** What a run needs: the workload, the session settings, and what the built-in estimate is made from. */
    public record RunRequest(String modeTitle, Workload workload, SessionSettings settings, ModelSpec spec,
                             EstimateRequest estimateRequest) {
    }

    private final TaskExecutor executor;
    private final Executor uiThread;
    private final CompositeSessionListener listeners = new CompositeSessionListener();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper phase = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyObjectWrapper<RunResult> lastResult = new ReadOnlyObjectWrapper<>();
    private final ObservableList<LogEntry> log = FXCollections.observableArrayList();
    private final FilteredList<LogEntry> filteredLog = new FilteredList<>(log, e -> true);
    private final StringProperty logFilter = new SimpleStringProperty("");
    private final ConcurrentLinkedQueue<LogEntry> pendingLines = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile ProfileSession session;
    private volatile boolean cancelRequested;

    /**
     * @param executor runs the session (FxTaskExecutor in the app, same-thread in ViewModel tests)
     * @param uiThread where session events are applied to the properties (Platform::runLater in the app)
     */
    public RunViewModel(TaskExecutor executor, Executor uiThread) {
        this.executor = executor;
        this.uiThread = uiThread;
        listeners.add(new ToUiThread());
        logFilter.addListener((o, a, f) -> {
            String needle = f == null ? "" : f.trim().toLowerCase(Locale.ROOT);
            filteredLog.setPredicate(needle.isEmpty() ? e -> true
                    : e -> e.text().toLowerCase(Locale.ROOT).contains(needle));
        });
    }

    /** Every session event goes through here; add a listener (the live chart) with one call. */
    public CompositeSessionListener sessionListeners() {
        return listeners;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The phase's label: "Loading", "KV allocation", "Warm-up" ... */
    public ReadOnlyStringProperty phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    /** "Warm-up 5/10", "Bench 17/30"; empty when the phase has no count. */
    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** 0..1, or -1 (indeterminate) while the phase has no count. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Set when a run ends (the view shows a notification; the workbench opens the results). */
    public ReadOnlyObjectProperty<RunResult> lastResultProperty() {
        return lastResult.getReadOnlyProperty();
    }

    public ObservableList<LogEntry> log() {
        return log;
    }

    /** The log lines that contain the filter text (case-insensitive). */
    public FilteredList<LogEntry> filteredLog() {
        return filteredLog;
    }

    public StringProperty logFilterProperty() {
        return logFilter;
    }

    /** Starts the run; onEnd gets the result on the UI thread. Ignored while a run is going. */
    public void start(RunRequest request, Consumer<RunResult> onEnd) {
        if (running.get()) {
            return;
        }
        running.set(true);
        cancelRequested = false;
        log.clear();
        pendingLines.clear();
        phase.set("Starting");
        progressText.set("");
        progress.set(-1);
        executor.submit(BackgroundTask.of(request.modeTitle() + " run", () -> run(request))
                .onSuccess(result -> finish(result, onEnd))
                .onFailure(e -> finish(new RunResult(null, null, e), onEnd)));
    }

    private RunResult run(RunRequest request) throws InterruptedException {
        EstimatedCalculator estimate = EstimatedCalculator.of(request.spec(), request.estimateRequest());
        SessionSettings settings = estimate == null ? request.settings()
                : request.settings().withCalculator(estimate.values());
        ProfileSession s = new ProfileSession(settings, request.workload(), listeners);
        session = s;
        if (cancelRequested) {
            s.cancel(); // Cancel pressed before the session existed
        }
        SessionOutcome outcome = s.run();
        return new RunResult(outcome, estimate, null);
    }

    private void finish(RunResult result, Consumer<RunResult> onEnd) {
        drainLog();
        session = null;
        running.set(false);
        progress.set(result.outcome() != null && result.status() == dev.memlens.core.report.RunStatus.COMPLETED ? 1 : 0);
        phase.set(result.outcome() == null ? "Could not start" : label(result));
        lastResult.set(result);
        onEnd.accept(result);
    }

    private static String label(RunResult r) {
        return switch (r.status()) {
            case COMPLETED -> "Completed";
            case CANCELLED -> "Cancelled";
            case INTERRUPTED -> "Interrupted";
            default -> "Failed";
        };
    }

    /** Ends the run's process tree and saves it as cancelled; the session may take a moment (polite, then forced). */
    public void cancel() {
        if (!running.get()) {
            return;
        }
        cancelRequested = true;
        phase.set("Cancelling …");
        ProfileSession s = session;
        if (s != null) {
            executor.submit(BackgroundTask.of("Cancel the run", () -> {
                s.cancel();
                return null;
            }));
        }
    }

    private void enqueue(LogEntry entry) {
        pendingLines.add(entry);
        if (drainScheduled.compareAndSet(false, true)) {
            uiThread.execute(this::drainLog);
        }
    }

    /** Applies the queued lines in one list change: one UI update per batch, not per line. */
    private void drainLog() {
        drainScheduled.set(false);
        List<LogEntry> batch = new ArrayList<>();
        for (LogEntry e = pendingLines.poll(); e != null; e = pendingLines.poll()) {
            batch.add(e);
        }
        if (batch.isEmpty()) {
            return;
        }
        log.addAll(batch);
        int excess = log.size() - MAX_LOG_LINES;
        if (excess > 0) {
            log.remove(0, excess);
        }
    }

    /** The session's events, moved onto the UI thread. */
    private final class ToUiThread implements SessionListener {
        @Override
        public void onPhase(RunPhase p, long elapsedMillis) {
            uiThread.execute(() -> {
                if (!cancelRequested || p == RunPhase.FINISHING || p == RunPhase.DONE) {
                    phase.set(p.label());
                }
                progressText.set("");
                progress.set(p == RunPhase.DONE ? 1 : -1);
            });
        }

        @Override
        public void onProgress(ProgressUpdate update) {
            uiThread.execute(() -> {
                progressText.set(update.toString());
                progress.set(update.fraction());
            });
        }

        @Override
        public void onLogLine(String stream, String line, dev.memlens.core.report.RunFailure failure) {
            // the workload's parser recognised the failure; the log only shows it
            enqueue(new LogEntry(stream, line, failure == null ? null : failure.label(),
                    failure == null ? null : failure.advice()));
        }

        @Override
        public void onWarning(String message) {
            enqueue(new LogEntry("memlens", "MemLens: " + message, null, null));
        }
    }
}
