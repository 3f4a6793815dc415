package dev.memlens.core.process;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The one place that makes MemLens's threads: named (thread dumps, benchmarks), daemon (never keep the JVM up), and
 * with an uncaught-exception handler that logs the failure and hands it to every registered listener (the CLI prints
 * it, the app shows it), so that no reader thread dies silently.
 */
public final class ProgramThreads {
    private static final System.Logger LOG = System.getLogger(ProgramThreads.class.getName());
    private static final List<Consumer<UncaughtFailure>> LISTENERS = new CopyOnWriteArrayList<>();
    private static final Thread.UncaughtExceptionHandler HANDLER = ProgramThreads::report;

    /** An exception that ended a MemLens thread. */
    public record UncaughtFailure(String threadName, Throwable error) {
        public String message() {
            return "internal error in thread " + threadName + ": " + error;
        }
    }

    private ProgramThreads() {
    }

    /** Makes a named daemon thread with the program's handler; the caller starts it. */
    public static Thread newThread(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler(HANDLER);
        return thread;
    }

    /** Makes and starts a named daemon thread with the program's handler. */
    public static Thread start(String name, Runnable body) {
        Thread thread = newThread(name, body);
        thread.start();
        return thread;
    }

    /**
     * Starts a thread whose uncaught exception also reaches {@code onFailure} (after logging), for owners that must
     * turn a dead worker into a status, such as a sampler whose reader died.
     */
    public static Thread start(String name, Runnable body, Consumer<Throwable> onFailure) {
        return start(name, () -> {
            try {
                body.run();
            } catch (RuntimeException | Error e) {
                try {
                    onFailure.accept(e);
                } finally {
                    throw e;
                }
            }
        });
    }

    /**
     * Makes and registers a shutdown hook: named, with the program's handler (the JVM runs every hook to its end
     * whatever its daemon flag). Returns it so that the caller can remove it once it is no longer needed.
     */
    public static Thread addShutdownHook(String name, Runnable body) {
        Thread hook = newThread(name, body);
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /**
     * Removes a hook made by {@link #addShutdownHook}; true if it was registered. Once the JVM is exiting the hook is
     * running and stays: false.
     */
    public static boolean removeShutdownHook(Thread hook) {
        try {
            return Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return false; // the JVM is already shutting down: the hook runs to its end
        }
    }

    /** A factory for executors: threads named {@code prefix-1}, {@code prefix-2}... with the program's handler. */
    public static ThreadFactory factory(String prefix) {
        AtomicInteger sequence = new AtomicInteger();
        return body -> newThread(prefix + "-" + sequence.incrementAndGet(), body);
    }

    /** Hears about every uncaught exception in a MemLens thread; returns a handle that removes the listener. */
    public static AutoCloseable onUncaught(Consumer<UncaughtFailure> listener) {
        LISTENERS.add(listener);
        return () -> LISTENERS.remove(listener);
    }

    /** Waits for a thread at most {@code millis}; true if it ended (or is the calling thread, or null). */
    public static boolean joinBounded(Thread thread, long millis) {
        if (thread == null || thread == Thread.currentThread()) {
            return true;
        }
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    private static void report(Thread thread, Throwable error) {
        UncaughtFailure failure = new UncaughtFailure(thread.getName(), error);
        LOG.log(Level.ERROR, failure.message(), error);
        for (Consumer<UncaughtFailure> listener : LISTENERS) {
            try {
                listener.accept(failure);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "an uncaught-exception listener failed", e);
            }
        }
    }
}
