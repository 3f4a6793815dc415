package dev.memlens.core.process;

/** How a managed process ended. */
public enum ProcessOutcome {
    /** It ran and exited by itself; see {@link ProcessResult#exitCode()}. */
    EXITED,
    /** {@link ManagedProcess#cancel()} ended its process tree. */
    CANCELLED,
    /** The run's timeout ended its process tree. */
    TIMED_OUT,
    /** It never started (missing executable, bad working directory...). */
    FAILED_TO_START
}
