package dev.memlens.core.ssh;

import java.util.List;
import java.util.Locale;

/**
 * Turns what the OpenSSH client printed when it gave up (exit status 255) into a cause the user can act on. The
 * matched phrases are OpenSSH's own (ssh.c, sshconnect.c, sshconnect2.c).
 */
public final class SshErrors {
    private SshErrors() {
    }

    /**
     * @param connect how the user would connect by hand ("ssh -F cfg -p 2222 alice@gpu-box"), for the advice
     * @param stderr  the client's last lines
     */
    public static SshException classify(SshTarget target, String connect, List<String> stderr) {
        String text = String.join("\n", stderr);
        String lower = text.toLowerCase(Locale.ROOT);
        String said = lastMeaningful(stderr);
        if (lower.contains("remote host identification has changed")) {
            return new SshException(SshException.Kind.HOST_KEY_CHANGED, "the host key of " + target + " has CHANGED "
                    + "since you accepted it (ssh: \"" + said + "\"): this can be an attack; check with the host's "
                    + "admin, then fix ~/.ssh/known_hosts (ssh-keygen -R HOST)");
        }
        if (lower.contains("host key verification failed") || lower.contains("host key is known for")) {
            return new SshException(SshException.Kind.HOST_KEY_UNKNOWN, "the host key of " + target + " is not "
                    + "known, and MemLens never accepts one silently: run '" + connect + "' once in a terminal, "
                    + "check the fingerprint and answer yes, then try again");
        }
        if (lower.contains("permission denied") || lower.contains("too many authentication failures")
                || lower.contains("no more authentication methods")) {
            return new SshException(SshException.Kind.AUTH_REFUSED, target + " refused the authentication (ssh: \""
                    + said + "\"): load your key into the agent (ssh-add ~/.ssh/id_ed25519), name it with "
                    + "IdentityFile in the ssh config, or check the user; MemLens cannot type passwords (BatchMode)");
        }
        if (lower.contains("could not resolve hostname") || lower.contains("connection refused")
                || lower.contains("connection timed out") || lower.contains("no route to host")
                || lower.contains("network is unreachable") || lower.contains("operation timed out")
                || lower.contains("connection closed by") && lower.contains("port")) {
            return new SshException(SshException.Kind.UNREACHABLE, target + " is unreachable (ssh: \"" + said
                    + "\"): check the host name, port and network, and that sshd runs there ('" + connect + "')");
        }
        if (lower.contains("broken pipe") || lower.contains("connection reset") || lower.contains("timeout, server")
                || lower.contains("client_loop: send disconnect")) {
            return new SshException(SshException.Kind.CONNECTION_LOST, "the connection to " + target + " was lost ("
                    + "ssh: \"" + said + "\")");
        }
        return new SshException(SshException.Kind.FAILED, "ssh to " + target + " failed"
                + (said.isEmpty() ? "" : " (ssh: \"" + said + "\")") + ": try '" + connect + "' in a terminal");
    }

    private static String lastMeaningful(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("@@@")) {
                return line.length() > 200 ? line.substring(0, 200) + "..." : line;
            }
        }
        return "";
    }
}
