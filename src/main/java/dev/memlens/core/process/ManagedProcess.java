package dev.memlens.core.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running external program whose whole process tree MemLens owns, on some {@link Host}: both output streams are
 * drained line by line (each line bounded) on named daemon threads, and {@link #cancel()} (or the spec's timeout)
 * ends every descendant too, since vLLM's engine-core and worker children hold the GPU memory.
 */
public final class ManagedProcess {
    private static final System.Logger LOG = System.getLogger(ManagedProcess.class.getName());
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    /** How long to wait for the drain threads after the tree is gone (a stray holder of the pipe must not hang us). */
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(5);
    /** After the grace: SIGKILL, its delivery, and the drain (see {@link ProcessTree}). */
    private static final Duration SIGKILL_WAIT = Duration.ofSeconds(5).plus(DRAIN_WAIT);

    private final Host host;
    private final ProcessSpec spec;
    private final String name;
    private final String tag = ProcessTree.newTag();
    private final CompletableFuture<ProcessResult> result = new CompletableFuture<>();
    private final AtomicReference<ProcessOutcome> stopReason = new AtomicReference<>();
    private final Deque<String> stdoutTail = new ArrayDeque<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final long startNanos = System.nanoTime();
    private volatile Process process;
    private volatile String terminationNote = "";
    /** Completes when a cancel or timeout has finished ending the tree (SIGKILL included). */
    private final CompletableFuture<Void> terminationDone = new CompletableFuture<>();

    private ManagedProcess(Host host, ProcessSpec spec) {
        this.host = host;
        this.spec = spec;
        this.name = Path.of(spec.program()).getFileName() + "-" + SEQUENCE.incrementAndGet();
    }

    static ManagedProcess start(Host host, ProcessSpec spec, OutputListener listener) {
        ManagedProcess managed = new ManagedProcess(host, spec);
        managed.launch(listener == null ? OutputListener.NONE : listener);
        return managed;
    }

    private void launch(OutputListener listener) {
        LocalCommand command;
        try {
            command = host.localCommand(spec, tag);
        } catch (ProgramNotFoundException e) {
            finishWithoutStart(e.getMessage());
            return;
        }
        ProcessBuilder builder = new ProcessBuilder(command.argv()).redirectErrorStream(spec.stderrMerged());
        builder.environment().clear();
        builder.environment().putAll(command.environment());
        if (command.workingDirectory() != null) {
            builder.directory(command.workingDirectory().toFile());
        }
        try {
            process = builder.start();
        } catch (IOException e) {
            finishWithoutStart("Cannot start " + spec.program() + ": " + e.getMessage()
                    + (command.workingDirectory() != null ? " (working directory " + command.workingDirectory() + ")" : ""));
            return;
        }
        closeQuietly(process);
        Thread stdout = drain(process.getInputStream(), StreamKind.STDOUT, stdoutTail, listener);
        Thread stderr = drain(process.getErrorStream(), StreamKind.STDERR, stderrTail, listener);
        ProgramThreads.start("memlens-proc-" + name + "-supervisor", () -> supervise(stdout, stderr));
    }

    private void finishWithoutStart(String message) {
        result.complete(new ProcessResult(ProcessOutcome.FAILED_TO_START, -1, message, List.of(), List.of(), elapsed()));
    }

    private static void closeQuietly(Process started) {
        try {
            started.getOutputStream().close(); // the child reads no stdin: EOF at once instead of a hang
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing stdin failed", e);
        }
    }

    private Thread drain(InputStream stream, StreamKind kind, Deque<String> tail, OutputListener listener) {
        return ProgramThreads.start("memlens-proc-" + name + "-" + kind.name().toLowerCase(java.util.Locale.ROOT), () -> {
            try (BoundedLineReader reader = new BoundedLineReader(
                    new InputStreamReader(stream, StandardCharsets.UTF_8), spec.maxLineChars())) {
                while (true) {
                    String line;
                    try {
                        line = reader.readLine();
                    } catch (LineTooLongException e) {
                        remember(tail, "[memlens: " + e.getMessage() + "]");
                        notifyListener(() -> listener.onLineTooLong(kind, e), kind);
                        continue;
                    }
                    if (line == null) {
                        return;
                    }
                    remember(tail, line);
                    String text = line;
                    notifyListener(() -> listener.onLine(kind, text), kind);
                }
            } catch (IOException e) {
                LOG.log(Level.DEBUG, kind + " of " + name + " closed", e);
            }
        });
    }

    private void remember(Deque<String> tail, String line) {
        synchronized (tail) {
            if (spec.tailLines() <= 0) {
                return;
            }
            if (tail.size() == spec.tailLines()) {
                tail.removeFirst();
            }
            tail.addLast(line);
        }
    }

    private void notifyListener(Runnable call, StreamKind kind) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "output listener failed on a " + kind + " line of " + name, e);
        }
    }

    private void supervise(Thread stdout, Thread stderr) {
        try {
            boolean exited = spec.timeout().isEmpty()
                    ? waitForever()
                    : process.waitFor(spec.timeout().get().toNanos(), TimeUnit.NANOSECONDS);
            if (!exited && stopReason.compareAndSet(null, ProcessOutcome.TIMED_OUT)) {
                terminateTree();
            }
            process.waitFor();
            if (stopReason.get() != null) {
                terminationDone.join(); // descendants may outlive the root by up to the grace period
            } else if (spec.endsTreeOnExit()) {
                endLeftovers();
            }
            stdout.join(DRAIN_WAIT.toMillis());
            stderr.join(DRAIN_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        result.complete(buildResult());
    }

    private void endLeftovers() {
        TreeEnd leftovers = host.terminateTree(null, tag, spec.cancelGrace());
        if (leftovers.processes() > 0) {
            terminationNote = "; " + leftovers.processes() + " process(es) of its tree were still running and were ended"
                    + (leftovers.killed() > 0 ? " (" + leftovers.killed() + " needed SIGKILL)" : "");
        }
    }

    private boolean waitForever() throws InterruptedException {
        process.waitFor();
        return true;
    }

    private ProcessResult buildResult() {
        int code = process.isAlive() ? -1 : process.exitValue();
        ProcessOutcome reason = stopReason.get();
        ProcessOutcome outcome = reason == null ? ProcessOutcome.EXITED : reason;
        String message = switch (outcome) {
            case EXITED -> spec.program() + " exited with code " + code + terminationNote;
            case CANCELLED -> spec.program() + " was cancelled" + terminationNote;
            case TIMED_OUT -> spec.program() + " timed out after " + ProcessTree.seconds(spec.timeout().orElseThrow())
                    + terminationNote;
            case FAILED_TO_START -> throw new IllegalStateException("a started process cannot fail to start");
        };
        return new ProcessResult(outcome, code, message, snapshot(stdoutTail), snapshot(stderrTail), elapsed());
    }

    /**
     * Ends the whole process tree on its host: SIGTERM to the program and every descendant (those that left the
     * process group included), then SIGKILL to those still alive after the grace period. Returns at once (the
     * termination runs on its own thread); the result says CANCELLED. Does nothing when the run already ended.
     */
    public void cancel() {
        if (process == null || result.isDone() || !process.isAlive()
                || !stopReason.compareAndSet(null, ProcessOutcome.CANCELLED)) {
            return;
        }
        ProgramThreads.start("memlens-proc-" + name + "-cancel", this::terminateTree);
    }

    private void terminateTree() {
        try {
            terminationNote = host.terminateTree(process.toHandle(), tag, spec.cancelGrace()).note();
        } finally {
            terminationDone.complete(null);
        }
    }

    /**
     * Cancels and waits until the tree is ended and the result is in, at most the cancel grace plus a few seconds,
     * even when the calling thread is interrupted (its flag is kept): for stop() methods that promise a dead tree.
     */
    public Optional<ProcessResult> cancelAndWait() {
        cancel();
        long deadline = System.nanoTime() + spec.cancelGrace().plus(SIGKILL_WAIT).toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return Optional.of(result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (TimeoutException e) {
                    return Optional.empty();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("process supervision failed", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits for the end of the run (exit, cancel, timeout) and its drained output. */
    public ProcessResult awaitResult() throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("process supervision failed", e.getCause());
        }
    }

    /** Waits at most this long; empty when the run is still going. */
    public Optional<ProcessResult> awaitResult(Duration timeout) throws InterruptedException {
        try {
            return Optional.of(result.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("process supervision failed", e.getCause());
        }
    }

    /** Completes with the result once the run ended; for listener-style callers (never completes exceptionally). */
    public CompletableFuture<ProcessResult> onEnd() {
        return result.copy();
    }

    /** The local root process (the program, or the docker/ssh client), empty when it never started. */
    public Optional<ProcessHandle> toHandle() {
        return Optional.ofNullable(process).map(Process::toHandle);
    }

    /** The local root's pid and start time, for a journal; empty when it never started or is gone. */
    public Optional<ProcessIdentity> identity() {
        return toHandle().flatMap(ProcessIdentity::of);
    }

    /** The tag in the environment of every process of this run's tree (how survivors are found later). */
    public String tag() {
        return tag;
    }

    public Host host() {
        return host;
    }

    public boolean isRunning() {
        return process != null && !result.isDone();
    }

    public ProcessSpec spec() {
        return spec;
    }

    /** The last lines of stdout so far. */
    public List<String> stdoutTail() {
        return snapshot(stdoutTail);
    }

    /** The last lines of stderr so far. */
    public List<String> stderrTail() {
        return snapshot(stderrTail);
    }

    private static List<String> snapshot(Deque<String> tail) {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
