package dev.memlens.cli;

/** Exit codes shared by the verbs; see {@link ExitCodes} for the whole contract. */
final class CommandLineErrors {
    /** Bad usage or unreadable input. */
    static final int USAGE = ExitCodes.USAGE;

    private CommandLineErrors() {
    }
}
