package dev.memlens.core.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What to run on a {@link Host}: an argument list (never a shell string), the environment, working directory,
 * timeout, cancel grace and output bounds. Immutable; build with {@link #of(List)} and the {@code with...} methods.
 */
public final class ProcessSpec {
    public static final Duration DEFAULT_CANCEL_GRACE = Duration.ofSeconds(10);
    public static final int DEFAULT_TAIL_LINES = 200;

    private List<String> command;
    private Map<String, String> environment = Map.of();
    private boolean inheritEnvironment = true;
    private Set<String> withheld = Set.of();
    private Path workingDirectory;
    private Duration timeout;
    private Duration cancelGrace = DEFAULT_CANCEL_GRACE;
    private int tailLines = DEFAULT_TAIL_LINES;
    private int maxLineChars = BoundedLineReader.DEFAULT_MAX_LINE_CHARS;
    private boolean mergeStderr;
    private boolean endTreeOnExit;
    private String installHint;

    private ProcessSpec(List<String> command) {
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw new IllegalArgumentException("the command needs at least a program name");
        }
        this.command = List.copyOf(command);
    }

    private ProcessSpec copy() {
        ProcessSpec copy = new ProcessSpec(command);
        copy.environment = environment;
        copy.inheritEnvironment = inheritEnvironment;
        copy.withheld = withheld;
        copy.workingDirectory = workingDirectory;
        copy.timeout = timeout;
        copy.cancelGrace = cancelGrace;
        copy.tailLines = tailLines;
        copy.maxLineChars = maxLineChars;
        copy.mergeStderr = mergeStderr;
        copy.endTreeOnExit = endTreeOnExit;
        copy.installHint = installHint;
        return copy;
    }

    /** A spec for this argument list: program first, each argument one element, passed to the child unchanged. */
    public static ProcessSpec of(List<String> command) {
        return new ProcessSpec(command);
    }

    public static ProcessSpec of(String... command) {
        return of(List.of(command));
    }

    /**
     * Adds environment variables; by default on top of this JVM's environment (also used to find the program: PATH).
     */
    public ProcessSpec withEnvironment(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(environment);
        merged.putAll(overrides);
        ProcessSpec copy = copy();
        copy.environment = Map.copyOf(merged);
        return copy;
    }

    /** The child sees exactly these variables and nothing of this JVM's environment (for tools; no secret leaks). */
    public ProcessSpec withOnlyEnvironment(Map<String, String> variables) {
        ProcessSpec copy = copy();
        copy.environment = Map.copyOf(variables);
        copy.inheritEnvironment = false;
        return copy;
    }

    /**
     * The child gets none of these variables, neither inherited from this JVM nor given with {@link
     * #withEnvironment}; the variables of {@link SecretVariables} are always withheld as well.
     */
    public ProcessSpec withVariablesWithheld(Collection<String> names) {
        Set<String> all = new LinkedHashSet<>(withheld);
        all.addAll(names);
        ProcessSpec copy = copy();
        copy.withheld = Set.copyOf(all);
        return copy;
    }

    public ProcessSpec withWorkingDirectory(Path directory) {
        ProcessSpec copy = copy();
        copy.workingDirectory = directory;
        return copy;
    }

    /** Ends the process tree (as cancel does) when the run takes longer; the result says TIMED_OUT. */
    public ProcessSpec withTimeout(Duration runTimeout) {
        ProcessSpec copy = copy();
        copy.timeout = runTimeout;
        return copy;
    }

    /** Time between SIGTERM and SIGKILL when ending the tree (default 10 s). */
    public ProcessSpec withCancelGrace(Duration grace) {
        ProcessSpec copy = copy();
        copy.cancelGrace = Objects.requireNonNull(grace);
        return copy;
    }

    /** How many last lines of each stream the result keeps (default 200). */
    public ProcessSpec withTailLines(int lines) {
        ProcessSpec copy = copy();
        copy.tailLines = lines;
        return copy;
    }

    /** The longest line read from the child; a longer one is reported as an error and skipped (default 64 Ki chars). */
    public ProcessSpec withMaxLineChars(int chars) {
        if (chars < 1) {
            throw new IllegalArgumentException("maxLineChars must be at least 1");
        }
        ProcessSpec copy = copy();
        copy.maxLineChars = chars;
        return copy;
    }

    /** stderr goes into stdout, in the order the child wrote them (for tools whose errors are part of the answer). */
    public ProcessSpec withStderrMerged() {
        ProcessSpec copy = copy();
        copy.mergeStderr = true;
        return copy;
    }

    /**
     * When the program exits by itself (a crash included), whatever of its tree is still running is ended too: an
     * engine's orphaned worker would otherwise keep holding GPU memory and spoil the next baseline.
     */
    public ProcessSpec withTreeEndedOnExit() {
        ProcessSpec copy = copy();
        copy.endTreeOnExit = true;
        return copy;
    }

    /**
     * What to tell the user when the program is not found, e.g. "install vLLM (pip install vllm) or set the
     * vLLM command to a Python interpreter with -m vllm.entrypoints.cli.main".
     */
    public ProcessSpec withInstallHint(String hint) {
        ProcessSpec copy = copy();
        copy.installHint = hint;
        return copy;
    }

    /** A copy with more arguments appended. */
    public ProcessSpec withArguments(List<String> more) {
        List<String> all = new ArrayList<>(command);
        all.addAll(more);
        ProcessSpec copy = copy();
        copy.command = List.copyOf(all);
        return copy;
    }

    /** A copy running another argument list with everything else kept (how a host wraps a command). */
    public ProcessSpec withCommand(List<String> replacement) {
        ProcessSpec copy = copy();
        copy.command = new ProcessSpec(replacement).command;
        return copy;
    }

    public List<String> command() {
        return command;
    }

    public String program() {
        return command.get(0);
    }

    /**
     * The variables given to this spec (on top of the JVM's when {@link #inheritsEnvironment()}), less the withheld
     * ones.
     */
    public Map<String, String> environmentOverrides() {
        Map<String, String> passed = new LinkedHashMap<>(environment);
        passed.keySet().removeIf(this::withholds);
        return passed;
    }

    /** Whether the child must not get this variable (named by {@link #withVariablesWithheld} or a secret's). */
    public boolean withholds(String variable) {
        return withheld.contains(variable) || SecretVariables.withheld(variable);
    }

    /**
     * The child's complete environment on this machine: the JVM's (when inherited) plus the overrides, less the
     * withheld variables.
     */
    Map<String, String> localEnvironment() {
        Map<String, String> complete = new LinkedHashMap<>(inheritEnvironment ? System.getenv() : Map.of());
        complete.putAll(environment);
        complete.keySet().removeIf(this::withholds);
        return complete;
    }

    public boolean inheritsEnvironment() {
        return inheritEnvironment;
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

    public int maxLineChars() {
        return maxLineChars;
    }

    public boolean stderrMerged() {
        return mergeStderr;
    }

    public boolean endsTreeOnExit() {
        return endTreeOnExit;
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
