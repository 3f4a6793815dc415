package dev.memlens.core.gpu.tool;

import java.util.List;

/** What a one-shot tool call printed (stdout and stderr merged, in order) and how it ended. */
public record ToolResult(List<String> lines, int exitCode, boolean timedOut) {
    public ToolResult {
        lines = List.copyOf(lines);
    }

    public String text() {
        return String.join("\n", lines);
    }
}
