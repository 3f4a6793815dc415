package dev.memlens.core.vllm.log;

/**
 * One log record split into its parts.
 *
 * @param process      the process prefix without parentheses, e.g. "VllmWorker rank=1 pid=812"; {@code null} if none
 * @param explicitRank the tensor-parallel rank the prefix names ("rank=1", "Worker_TP1"); {@code null} if none
 * @param pid          the pid the prefix names; {@code null} if none
 * @param level        INFO, DEBUG, WARNING, ERROR...; {@code null} for a line without the vLLM header
 * @param message      the text after the "[file.py:123]" location, or the whole line without a header
 */
record LogLine(String process, Integer explicitRank, String pid, String level, String message) {

    /** Worker processes whose prefix names no rank: ranks are given to them in order of appearance. */
    boolean isRanklessWorker() {
        return process != null && explicitRank == null && pid != null
                && (process.startsWith("VllmWorkerProcess") || process.startsWith("RayWorkerWrapper"));
    }
}
