package dev.memlens.core.ssh;

/** Reaching a host over ssh failed; the message names the cause and what to do, worded for the user. */
public final class SshException extends Exception {
    /** Why, so callers can react without parsing the message. */
    public enum Kind {
        BAD_TARGET, UNREACHABLE, AUTH_REFUSED, HOST_KEY_UNKNOWN, HOST_KEY_CHANGED, TOOL_MISSING, SSH_MISSING,
        CONNECTION_LOST, FAILED
    }

    private final Kind kind;

    public SshException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
