package dev.memlens.core.run;

import dev.memlens.core.report.PhaseMark;
import java.util.ArrayList;
import java.util.List;

/** The phases a run went through, with their start times, for the report's phase bands. */
final class PhaseMarkRecorder {
    private final List<PhaseMark> marks = new ArrayList<>();
    private RunPhase current;

    synchronized void mark(RunPhase phase, long elapsedMillis) {
        current = phase;
        marks.add(new PhaseMark(phase.tag(), elapsedMillis));
    }

    synchronized RunPhase current() {
        return current;
    }

    synchronized List<PhaseMark> marks() {
        return List.copyOf(marks);
    }
}
