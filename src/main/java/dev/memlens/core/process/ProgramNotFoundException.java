package dev.memlens.core.process;

/** The program of a spec cannot be run on a host; the message names it and the fix. */
public final class ProgramNotFoundException extends Exception {
    public ProgramNotFoundException(String message) {
        super(message);
    }
}
