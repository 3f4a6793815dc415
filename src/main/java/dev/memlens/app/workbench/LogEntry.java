package dev.memlens.app.workbench;

/**
 * One line of the run's log: from the workload ("stdout"/"stderr") or from MemLens itself ("memlens"). A line the
 * vLLM log parser recognised as a failure carries the failure's tag and advice.
 */
public record LogEntry(String stream, String text, String failure, String advice) {
    public boolean isFailure() {
        return failure != null;
    }

    public boolean isWarning() {
        return "memlens".equals(stream);
    }

    @Override
    public String toString() {
        return text;
    }
}
