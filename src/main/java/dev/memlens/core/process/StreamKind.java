package dev.memlens.core.process;

/** Which output stream of a child process a line came from. */
public enum StreamKind {
    STDOUT, STDERR
}
