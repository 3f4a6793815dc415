package dev.memlens.core.run.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running external program whose whole process tree MemLens owns: both output streams are drained on
 * named daemon threads, and {@link #cancel()} (or the spec's timeout) ends every descendant too, since
 * vLLM's engine-core and worker children hold the GPU memory.
 */
public final class ManagedProcess {
    private static final System.Logger LOG = System.getLogger(ManagedProcess.class.getName());
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    /** How long to wait for the drain threads after the tree is gone (a stray holder of the pipe must not hang us). */
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(5);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private final ProcessSpec spec;
    private final String name;
    private final CompletableFuture<ProcessResult> result = new CompletableFuture<>();
    private final AtomicReference<ProcessOutcome> stopReason = new AtomicReference<>();
    private final Deque<String> stdoutTail = new ArrayDeque<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final long startNanos = System.nanoTime();
    private volatile Process process;
    private volatile String terminationNote = "";
    /** Completes when a cancel or timeout has finished ending the tree (SIGKILL included). */
    private final CompletableFuture<Void> terminationDone = new CompletableFuture<>();

    private ManagedProcess(ProcessSpec spec) {
        this.spec = spec;
        this.name = Path.of(spec.program()).getFileName() + "-" + SEQUENCE.incrementAndGet();
    }

    static ManagedProcess start(ProcessSpec spec, OutputListener listener) {
        ManagedProcess managed = new ManagedProcess(spec);
        managed.launch(listener == null ? OutputListener.NONE : listener);
        return managed;
    }

    private void launch(OutputListener listener) {
        Map<String, String> environment = new LinkedHashMap<>(System.getenv());
        environment.putAll(spec.environmentOverrides());
        Path workingDirectory = spec.workingDirectory().orElse(null);
        Optional<Path> executable = ExecutableLocator.locate(spec.program(), environment.get("PATH"), workingDirectory);
        if (executable.isEmpty()) {
            finishWithoutStart(notFoundMessage());
            return;
        }
        List<String> command = new ArrayList<>(spec.command());
        command.set(0, executable.get().toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        try {
            process = builder.start();
        } catch (IOException e) {
            finishWithoutStart("Cannot start " + spec.program() + ": " + e.getMessage()
                    + (workingDirectory != null ? " (working directory " + workingDirectory + ")" : ""));
            return;
        }
        closeQuietly(process);
        Thread stdout = drain(process.getInputStream(), StreamKind.STDOUT, stdoutTail, listener);
        Thread stderr = drain(process.getErrorStream(), StreamKind.STDERR, stderrTail, listener);
        Thread supervisor = new Thread(() -> supervise(stdout, stderr), "memlens-proc-" + name + "-supervisor");
        supervisor.setDaemon(true);
        supervisor.start();
    }

    private String notFoundMessage() {
        String program = spec.program();
        String where = program.contains("/") ? "not found or not executable: " + program : program + " not found on PATH";
        return where + ": " + spec.installHint().orElse("install it, or give the full path to the program");
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
        Thread thread = new Thread(() -> {
            try (InputStreamReader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                LineSplitter.split(reader, line -> {
                    synchronized (tail) {
                        if (tail.size() == spec.tailLines()) {
                            tail.removeFirst();
                        }
                        if (spec.tailLines() > 0) {
                            tail.addLast(line);
                        }
                    }
                    try {
                        listener.onLine(kind, line);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "output listener failed on a " + kind + " line of " + name, e);
                    }
                });
            } catch (IOException e) {
                LOG.log(Level.DEBUG, kind + " of " + name + " closed", e);
            }
        }, "memlens-proc-" + name + "-" + kind.name().toLowerCase());
        thread.setDaemon(true);
        thread.start();
        return thread;
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
            }
            stdout.join(DRAIN_WAIT.toMillis());
            stderr.join(DRAIN_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        result.complete(buildResult());
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
            case EXITED -> spec.program() + " exited with code " + code;
            case CANCELLED -> spec.program() + " was cancelled" + terminationNote;
            case TIMED_OUT -> spec.program() + " timed out after " + seconds(spec.timeout().orElseThrow()) + terminationNote;
            case FAILED_TO_START -> throw new IllegalStateException("a started process cannot fail to start");
        };
        return new ProcessResult(outcome, code, message, snapshot(stdoutTail), snapshot(stderrTail), elapsed());
    }

    /**
     * Ends the whole process tree: SIGTERM to the program and every descendant, then SIGKILL to those still
     * alive after the grace period. Returns at once (the termination runs on its own thread); the result
     * says CANCELLED. Does nothing when the run already ended.
     */
    public void cancel() {
        if (process == null || result.isDone() || !process.isAlive()
                || !stopReason.compareAndSet(null, ProcessOutcome.CANCELLED)) {
            return;
        }
        Thread killer = new Thread(this::terminateTree, "memlens-proc-" + name + "-cancel");
        killer.setDaemon(true);
        killer.start();
    }

    private void terminateTree() {
        try {
            signalTree();
        } finally {
            terminationDone.complete(null);
        }
    }

    private void signalTree() {
        ProcessHandle root = process.toHandle();
        // Collected before any signal: once the root dies its children are re-parented and no longer found.
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(0, root);
        tree.forEach(ProcessHandle::destroy);
        CompletableFuture<?>[] exits = tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(spec.cancelGrace().toNanos(), TimeUnit.NANOSECONDS);
            terminationNote = "; its " + tree.size() + " process(es) ended on SIGTERM";
        } catch (TimeoutException e) {
            // Late children (spawned during the grace) are caught by a second look at the root's tree.
            root.descendants().filter(h -> !tree.contains(h)).forEach(tree::add);
            List<ProcessHandle> survivors = tree.stream().filter(ProcessHandle::isAlive).toList();
            survivors.forEach(ProcessHandle::destroyForcibly);
            awaitExits(survivors, KILL_WAIT); // SIGKILL is delivered asynchronously
            terminationNote = "; " + survivors.size() + " of " + tree.size() + " process(es) ignored SIGTERM for "
                    + seconds(spec.cancelGrace()) + " and were killed";
        } catch (InterruptedException e) {
            tree.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.log(Level.WARNING, "waiting for the process tree of " + name + " failed", e);
        }
    }

    private void awaitExits(List<ProcessHandle> handles, Duration limit) {
        try {
            CompletableFuture.allOf(handles.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            LOG.log(Level.WARNING, "processes of " + name + " still listed " + limit.toSeconds() + " s after SIGKILL", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the end of the run (exit, cancel, timeout) and its drained output. */
    public ProcessResult awaitResult() throws InterruptedException {
        return ProcessRunner.join(result);
    }

    /** Waits at most this long; empty when the run is still going. */
    public Optional<ProcessResult> awaitResult(Duration timeout) throws InterruptedException {
        try {
            return Optional.of(result.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("process supervision failed", e.getCause());
        }
    }

    /** Completes with the result once the run ended; for listener-style callers (never completes exceptionally). */
    public CompletableFuture<ProcessResult> onEnd() {
        return result.copy();
    }

    /** The root process, empty when it never started. Use {@code toHandle().descendants()} to see the tree. */
    public Optional<ProcessHandle> toHandle() {
        return Optional.ofNullable(process).map(Process::toHandle);
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

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
