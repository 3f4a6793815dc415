package dev.memlens.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProgramThreadsTest {
    /** A guard against a hang, never a speed expectation. */
    private static final long GENEROUS_SECONDS = 60;

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
}
