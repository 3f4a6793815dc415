package dev.memlens.core.gpu;

import dev.memlens.core.process.Host;
import dev.memlens.core.process.OutputListener;
import dev.memlens.core.process.ProcessOutcome;
import dev.memlens.core.process.ProcessResult;
import dev.memlens.core.process.ProcessSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one bounded call of a GPU tool printed (stdout and stderr merged, in order; each line bounded) and how it
 * ended. The tool sees only the sampler's environment, and an overrun kills its whole tree.
 */
public record ToolOutput(List<String> lines, int exitCode, boolean timedOut) {
    /** Enough for every GPU of a large node, and still a bound. */
    static final int MAX_LINES = 10_000;

    public ToolOutput {
        lines = List.copyOf(lines);
    }

    public String text() {
        return String.join("\n", lines);
    }

    /** Runs the tool once on this machine; a tool that cannot start or an interrupt becomes a user-worded error. */
    public static ToolOutput run(List<String> command, Map<String, String> environment, Duration timeout)
            throws GpuSamplerException {
        return run(Host.local(), command, environment, timeout);
    }

    /** Runs the tool once on {@code host}. */
    public static ToolOutput run(Host host, List<String> command, Map<String, String> environment, Duration timeout)
            throws GpuSamplerException {
        ProcessSpec spec = ProcessSpec.of(command).withOnlyEnvironment(environment).withTimeout(timeout)
                .withStderrMerged().withTailLines(MAX_LINES).withCancelGrace(Duration.ofMillis(300));
        ProcessResult result;
        try {
            result = host.run(spec, OutputListener.NONE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GpuSamplerException(GpuSamplerError.Kind.TOOL_FAILED, "interrupted while running " + command.get(0));
        }
        if (result.outcome() == ProcessOutcome.FAILED_TO_START) {
            throw new GpuSamplerException(GpuSamplerError.Kind.TOOL_FAILED, "could not run " + command.get(0) + ": "
                    + result.message());
        }
        return new ToolOutput(result.stdoutTail(), result.exitCode(), result.outcome() == ProcessOutcome.TIMED_OUT);
    }
}
