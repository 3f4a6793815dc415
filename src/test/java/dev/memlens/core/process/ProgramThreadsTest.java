package dev.memlens.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProgramThreadsTest {
    /** A guard against a hang, never a speed expectation. */
    private static final long GENEROUS_SECONDS = 60;

    /** The expected failures are logged here instead of into the build's output (and checked). */
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Logger programLog = Logger.getLogger(ProgramThreads.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private boolean usedParentHandlers;

    @BeforeEach
    void captureTheProgramsLog() {
        usedParentHandlers = programLog.getUseParentHandlers();
        programLog.setUseParentHandlers(false);
        programLog.addHandler(capture);
    }

    @AfterEach
    void restoreTheProgramsLog() {
        programLog.removeHandler(capture);
        programLog.setUseParentHandlers(usedParentHandlers);
    }

    /** The failure's log record, once the handler wrote it (listeners run after logging, so it is there by then). */
    private LogRecord loggedFailure(Throwable error) {
        return logged.stream().filter(record -> record.getThrown() == error).findFirst()
                .orElseThrow(() -> new AssertionError("the failure was not logged: " + logged));
    }

    @Test
    void anUncaughtExceptionReachesTheListenersWithTheThreadName() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        CompletableFuture<ProgramThreads.UncaughtFailure> heard = new CompletableFuture<>();
        try (AutoCloseable registration = ProgramThreads.onUncaught(failure -> {
            if (failure.error() == boom) {
                heard.complete(failure);
            }
        })) {
            ProgramThreads.start("memlens-test-thrower", () -> {
                throw boom;
            });
            ProgramThreads.UncaughtFailure failure = heard.get(GENEROUS_SECONDS, TimeUnit.SECONDS);
            assertEquals("memlens-test-thrower", failure.threadName());
            assertEquals("internal error in thread memlens-test-thrower: java.lang.IllegalStateException: boom",
                    failure.message());
            LogRecord record = loggedFailure(boom);
            assertEquals(Level.SEVERE, record.getLevel());
            assertEquals(failure.message(), record.getMessage());
        }
    }

    @Test
    void anOwnersFailureHandlerHearsTheExceptionBeforeTheProgramDoes() throws Exception {
        RuntimeException boom = new RuntimeException("reader died");
        CompletableFuture<Throwable> owner = new CompletableFuture<>();
        CompletableFuture<Boolean> ownerFirst = new CompletableFuture<>();
        try (AutoCloseable registration = ProgramThreads.onUncaught(failure -> {
            if (failure.error() == boom) {
                ownerFirst.complete(owner.isDone());
            }
        })) {
            ProgramThreads.start("memlens-test-reader", () -> {
                throw boom;
            }, owner::complete);
            assertSame(boom, owner.get(GENEROUS_SECONDS, TimeUnit.SECONDS));
            assertTrue(ownerFirst.get(GENEROUS_SECONDS, TimeUnit.SECONDS));
            assertEquals(Level.SEVERE, loggedFailure(boom).getLevel());
        }
    }

    @Test
    void factoryThreadsAreNamedDaemonsWithTheProgramsHandler() {
        Thread first = ProgramThreads.factory("memlens-pool").newThread(() -> { });
        Thread second = ProgramThreads.factory("memlens-pool").newThread(() -> { });
        assertEquals("memlens-pool-1", first.getName());
        assertEquals("memlens-pool-1", second.getName(), "each factory counts its own threads");
        assertTrue(first.isDaemon());
        assertSame(ProgramThreads.newThread("x", () -> { }).getUncaughtExceptionHandler(),
                first.getUncaughtExceptionHandler());
    }

    @Test
    void aShutdownHookIsANamedProgramThreadRegisteredUntilRemoved() {
        Thread hook = ProgramThreads.addShutdownHook("memlens-test-hook", () -> { });
        assertEquals("memlens-test-hook", hook.getName());
        assertSame(ProgramThreads.newThread("x", () -> { }).getUncaughtExceptionHandler(),
                hook.getUncaughtExceptionHandler());
        assertTrue(ProgramThreads.removeShutdownHook(hook), "it was registered");
        assertFalse(ProgramThreads.removeShutdownHook(hook), "and is no longer");
    }
}
