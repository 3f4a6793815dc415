package dev.memlens.app.workbench;

import dev.memlens.core.vllm.log.StartupFailure;
import dev.memlens.core.vllm.log.VllmLogListener;
import dev.memlens.core.vllm.log.VllmLogParser;

/**
 * Feeds the run's output through a vLLM log parser of its own and tells which lines it flagged as a failure (CUDA
 * out of memory, no memory for the KV cache ...). One per run; called from the session's thread only.
 */
final class FailureLineFlagger {
    private StartupFailure flagged;
    private final VllmLogParser parser = new VllmLogParser(new VllmLogListener() {
        @Override
        public void onFailure(StartupFailure failure) {
            flagged = failure;
        }
    });

    LogEntry entry(String stream, String line) {
        flagged = null;
        try {
            parser.accept(line);
        } catch (RuntimeException e) {
            flagged = null; // a line the parser chokes on is still shown, just not highlighted
        }
        StartupFailure f = flagged;
        return new LogEntry(stream, line, f == null ? null : f.kind().tag(), f == null ? null : f.advice());
    }
}
