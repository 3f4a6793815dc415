package dev.memlens.core.run.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to run: an argument list (never a shell string), environment overrides, working directory,
 * timeout and cancel grace. Immutable; build with {@link #of(List)} and the {@code with...} methods.
 */
public final class ProcessSpec {
    public static final Duration DEFAULT_CANCEL_GRACE = Duration.ofSeconds(10);
    public static final int DEFAULT_TAIL_LINES = 200;

    private final List<String> command;
    private final Map<String, String> environmentOverrides;
    private final Path workingDirectory;
    private final Duration timeout;
    private final Duration cancelGrace;
    private final int tailLines;
    private final String installHint;

    private ProcessSpec(List<String> command, Map<String, String> environmentOverrides, Path workingDirectory,
                        Duration timeout, Duration cancelGrace, int tailLines, String installHint) {
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw new IllegalArgumentException("the command needs at least a program name");
        }
        this.command = List.copyOf(command);
        this.environmentOverrides = Map.copyOf(environmentOverrides);
        this.workingDirectory = workingDirectory;
        this.timeout = timeout;
        this.cancelGrace = Objects.requireNonNull(cancelGrace);
        this.tailLines = tailLines;
        this.installHint = installHint;
    }

    /** A spec for this argument list: program first, each argument one element, passed to the child unchanged. */
    public static ProcessSpec of(List<String> command) {
        return new ProcessSpec(command, Map.of(), null, null, DEFAULT_CANCEL_GRACE, DEFAULT_TAIL_LINES, null);
    }

    public static ProcessSpec of(String... command) {
        return of(List.of(command));
    }

    /** Adds environment variables on top of this JVM's environment (also used to find the program: PATH). */
    public ProcessSpec withEnvironment(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(environmentOverrides);
        merged.putAll(overrides);
        return new ProcessSpec(command, merged, workingDirectory, timeout, cancelGrace, tailLines, installHint);
    }

    public ProcessSpec withWorkingDirectory(Path directory) {
        return new ProcessSpec(command, environmentOverrides, directory, timeout, cancelGrace, tailLines, installHint);
    }

    /** Ends the process tree (as cancel does) when the run takes longer; the result says TIMED_OUT. */
    public ProcessSpec withTimeout(Duration runTimeout) {
        return new ProcessSpec(command, environmentOverrides, workingDirectory, runTimeout, cancelGrace, tailLines, installHint);
    }

    /** Time between SIGTERM and SIGKILL when ending the tree (default 10 s). */
    public ProcessSpec withCancelGrace(Duration grace) {
        return new ProcessSpec(command, environmentOverrides, workingDirectory, timeout, grace, tailLines, installHint);
    }

    /** How many last lines of each stream the result keeps (default 200). */
    public ProcessSpec withTailLines(int lines) {
        return new ProcessSpec(command, environmentOverrides, workingDirectory, timeout, cancelGrace, lines, installHint);
    }

    /**
     * What to tell the user when the program is not found, e.g. "install vLLM (pip install vllm) or set the
     * vLLM command to a Python interpreter with -m vllm.entrypoints.cli.main".
     */
    public ProcessSpec withInstallHint(String hint) {
        return new ProcessSpec(command, environmentOverrides, workingDirectory, timeout, cancelGrace, tailLines, hint);
    }

    /** A copy with more arguments appended. */
    public ProcessSpec withArguments(List<String> more) {
        List<String> all = new ArrayList<>(command);
        all.addAll(more);
        return new ProcessSpec(all, environmentOverrides, workingDirectory, timeout, cancelGrace, tailLines, installHint);
    }

    public List<String> command() {
        return command;
    }

    public String program() {
        return command.get(0);
    }

    public Map<String, String> environmentOverrides() {
        return environmentOverrides;
    }

    public Optional<Path> workingDirectory() {
        return Optional.ofNullable(workingDirectory);
    }

    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    public Duration cancelGrace() {
        return cancelGrace;
    }

    public int tailLines() {
        return tailLines;
    }

    public Optional<String> installHint() {
        return Optional.ofNullable(installHint);
    }

    /** The command for logs: arguments quoted where needed; environment values are never shown. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (String argument : command) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(argument.matches("[A-Za-z0-9_./:=,+@%-]+") ? argument : "'" + argument.replace("'", "'\\''") + "'");
        }
        return text.toString();
    }
}
