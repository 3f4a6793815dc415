package dev.memlens.core.ssh;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The one place MemLens builds text for the remote shell. ssh hands its command line to the remote user's login
 * shell as one string, so every argument is single-quoted (POSIX: nothing inside single quotes is special; a single
 * quote is written as {@code '\''}). No user value is ever spliced in unquoted.
 */
public final class RemoteShell {
    private RemoteShell() {
    }

    /** One argument, quoted so any POSIX shell (sh, bash, dash, zsh) reads it back unchanged. */
    public static String quote(String argument) {
        if (argument.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an argument for the remote shell cannot contain a NUL character");
        }
        if (!argument.isEmpty() && argument.chars().allMatch(RemoteShell::plain)) {
            return argument;
        }
        return "'" + argument.replace("'", "'\\''") + "'";
    }

    /** An argument list as one remote command line: each argument quoted, separated by spaces. */
    public static String command(List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("an empty command");
        }
        return argv.stream().map(RemoteShell::quote).collect(Collectors.joining(" "));
    }

    private static boolean plain(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_./=:,+@%".indexOf(c) >= 0;
    }
}
