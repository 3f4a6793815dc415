package dev.memlens.core.hf;

import dev.memlens.core.process.ProcessResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collects a profiler run's events (thread-safe) and, with the process result, says how the run failed when it
 * did, also when the script died without an error line.
 */
public final class HfRunRecorder implements HfEventListener {
    private final List<HfEvent> events = new ArrayList<>();

    @Override
    public synchronized void onEvent(HfEvent event) {
        events.add(event);
    }

    public synchronized List<HfEvent> events() {
        return List.copyOf(events);
    }

    public synchronized List<HfEvent.Phase> phases() {
        return events.stream().filter(HfEvent.Phase.class::isInstance).map(HfEvent.Phase.class::cast).toList();
    }

    public synchronized Optional<HfEvent.Phase> phase(HfPhase phase) {
        return phases().stream().filter(p -> p.phase() == phase).findFirst();
    }

    public synchronized Optional<HfEvent.Environment> environment() {
        return first(HfEvent.Environment.class);
    }

    public synchronized Optional<HfEvent.ModelInfo> model() {
        return first(HfEvent.ModelInfo.class);
    }

    public synchronized Optional<HfEvent.Failure> reportedFailure() {
        return first(HfEvent.Failure.class);
    }

    public synchronized boolean completed() {
        return first(HfEvent.Done.class).isPresent();
    }

    /**
     * The failure of a finished run: the script's own error line, or, when it died without one (killed,
     * crashed), an UNKNOWN failure built from the process result and its stderr tail. Empty for a clean run.
     */
    public synchronized Optional<HfEvent.Failure> failure(ProcessResult result) {
        Optional<HfEvent.Failure> reported = reportedFailure();
        if (reported.isPresent()) {
            return reported;
        }
        if (result.succeeded() && completed()) {
            return Optional.empty();
        }
        List<String> stderr = result.stderrTail();
        String lastError = stderr.isEmpty() ? "" : " — last stderr line: " + stderr.get(stderr.size() - 1);
        String message = result.succeeded()
                ? "the profiler exited without its final 'done' line" + lastError
                : result.message() + lastError;
        return Optional.of(new HfEvent.Failure(HfFailureKind.UNKNOWN, message, Optional.empty(), Optional.empty(),
                Optional.empty()));
    }

    private <T extends HfEvent> Optional<T> first(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).findFirst();
    }
}
