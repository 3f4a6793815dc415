package dev.memlens.core.process;

import java.time.Duration;
import java.util.List;

/**
 * The end of a managed run.
 *
 * @param outcome    how it ended
 * @param exitCode   the root process's exit code; -1 when it never started
 * @param message    one human sentence: what happened and, for a failure to start, what to do
 * @param stdoutTail the last lines of stdout (bounded), for error reports
 * @param stderrTail the last lines of stderr (bounded), for error reports
 * @param elapsed    wall time from start to the end of the process tree
 */
public record ProcessResult(ProcessOutcome outcome, int exitCode, String message, List<String> stdoutTail,
                            List<String> stderrTail, Duration elapsed) {
    public ProcessResult {
        stdoutTail = List.copyOf(stdoutTail);
        stderrTail = List.copyOf(stderrTail);
    }

    /** True when the process exited by itself with code 0. */
    public boolean succeeded() {
        return outcome == ProcessOutcome.EXITED && exitCode == 0;
    }
}
