package dev.memlens.cli;

/** Exit codes shared by the verbs. */
final class CommandLineErrors {
    /** Bad usage or unreadable input, as picocli uses for usage errors. */
    static final int USAGE = 2;

    private CommandLineErrors() {
    }
}
