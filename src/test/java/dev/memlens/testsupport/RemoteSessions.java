package dev.memlens.testsupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.process.Host;
import dev.memlens.core.run.ProfileSession;
import dev.memlens.core.run.SessionOutcome;
import dev.memlens.core.run.SessionSettings;
import dev.memlens.core.run.Workload;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A profiling session on another host, run in the background as the app runs it, so a test can cancel it once the
 * engine has started there.
 */
public final class RemoteSessions {
    /** This machine: no GPU tool, no vllm, no python, no docker on its PATH. */
    public static final Map<String, String> LOCAL = Map.of("PATH", "/usr/bin:/bin", "HOME",
            System.getProperty("user.home"));

    private final ProfileSession session;
    private final CompletableFuture<SessionOutcome> outcome;

    private RemoteSessions(ProfileSession session) {
        this.session = session;
        this.outcome = CompletableFuture.supplyAsync(() -> {
            try {
                return session.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Starts {@code workload} on {@code host}, sampled every 50 ms there, its report saved under {@code runs}. */
    public static RemoteSessions start(Host host, Workload workload, Path runs) {
        SessionSettings defaults = SessionSettings.defaults(runs, LOCAL);
        SessionSettings settings = new SessionSettings(defaults.runsDir(), defaults.samplerOptions().withIntervalMs(50)
                .withHost(host), null, LOCAL, null, null, null);
        return new RemoteSessions(new ProfileSession(settings, workload, null));
    }

    /** Waits (up to two minutes) until the condition holds: a file the stand-in writes says when, not a sleep. */
    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " never happened");
            Thread.sleep(50);
        }
    }

    /** Cancels, as the Cancel button does, and returns the outcome once the report is saved. */
    public SessionOutcome cancel() throws Exception {
        session.cancel();
        return outcome.get(120, TimeUnit.SECONDS);
    }
}
