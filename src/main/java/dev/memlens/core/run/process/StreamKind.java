package dev.memlens.core.run.process;

/** Which output stream of a child process a line came from. */
public enum StreamKind {
    STDOUT, STDERR
}
