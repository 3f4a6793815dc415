package dev.memlens.core.run;

import dev.memlens.core.process.ProcessIdentity;
import java.util.List;

/**
 * Processes an earlier run started that still run after that MemLens stopped (SIGKILL, power cut, a crash), found by
 * the pid and start time the run's journal recorded and by the tag every process of the engine's tree carries.
 *
 * @param runId    the run that started them
 * @param command  the engine program ("vllm", "python3")
 * @param root     the engine process as recorded
 * @param tag      the tree's tag
 * @param livePids the processes of that tree alive now (the root only while it is still the recorded process)
 */
public record Survivor(String runId, String command, ProcessIdentity root, String tag, List<Long> livePids) {
    public Survivor {
        livePids = List.copyOf(livePids);
    }

    /** "vllm of run 20261201-101500-bench-llama: 3 process(es) still running (pids 4242, 4250, 4251)". */
    public String describe() {
        return command + " of run " + runId + ": " + livePids.size() + " process(es) still running (pid"
                + (livePids.size() == 1 ? " " : "s ") + String.join(", ", livePids.stream().map(String::valueOf).toList())
                + ")";
    }
}
