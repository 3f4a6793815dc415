package dev.memlens.core.process;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a stream (a server's response, a child's output) when nothing arrives for the idle timeout, which ends a blocked read: a server that stalls
 * between tokens then fails the request instead of hanging the run. {@link #activity()} restarts the clock.
 */
public final class IdleWatch implements AutoCloseable {
    private static final ScheduledExecutorService TIMER =
            Executors.newSingleThreadScheduledExecutor(ProgramThreads.factory("memlens-idle-watch"));

    private final Closeable stream;
    private final long timeoutNanos;
    private volatile long lastActivity = System.nanoTime();
    private volatile boolean expired;
    private volatile ScheduledFuture<?> check;

    public IdleWatch(Closeable stream, Duration timeout) {
        this.stream = stream;
        this.timeoutNanos = timeout.toNanos();
        long period = Math.max(1, timeout.toMillis() / 4);
        this.check = TIMER.scheduleWithFixedDelay(this::checkIdle, period, period, TimeUnit.MILLISECONDS);
    }

    public void activity() {
        lastActivity = System.nanoTime();
    }

    /** Whether the stream was closed because it was idle too long. */
    public boolean expired() {
        return expired;
    }

    private void checkIdle() {
        if (System.nanoTime() - lastActivity >= timeoutNanos && !expired) {
            expired = true;
            ScheduledFuture<?> self = check;
            if (self != null) {
                self.cancel(false);
            }
            try {
                stream.close();
            } catch (IOException ignored) {
                // closing only to end the blocked read
            }
        }
    }

    @Override
    public void close() {
        ScheduledFuture<?> self = check;
        if (self != null) {
            self.cancel(false);
        }
    }
}
