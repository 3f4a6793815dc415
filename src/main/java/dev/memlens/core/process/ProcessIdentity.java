package dev.memlens.core.process;

import java.time.Instant;
import java.util.Optional;

/**
 * A process as it can be found again later: its pid plus its start time, since a pid alone may have been reused by
 * an unrelated program once the original is gone.
 */
public record ProcessIdentity(long pid, Instant startedAt) {

    /** The identity of a live process; empty when it is gone or the system does not tell its start time. */
    public static Optional<ProcessIdentity> of(ProcessHandle handle) {
        return handle.info().startInstant().filter(start -> handle.isAlive())
                .map(start -> new ProcessIdentity(handle.pid(), start));
    }

    /** The live process with this pid, only if it is still the one that started at {@link #startedAt()}. */
    public Optional<ProcessHandle> findLive() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().startInstant().map(startedAt::equals).orElse(false));
    }
}
