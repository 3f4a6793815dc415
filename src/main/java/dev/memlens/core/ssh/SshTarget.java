package dev.memlens.core.ssh;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where {@code --host [USER@]HOST[:PORT]} points. HOST may be an alias of the user's ssh config; an IPv6 address
 * goes in brackets ({@code [::1]:2222}). A user or host that starts with '-' is refused: ssh would read it as an
 * option.
 *
 * @param user null to let ssh decide (config or local user)
 * @param port null to let ssh decide (config or 22)
 */
public record SshTarget(String user, String host, Integer port) {
    private static final Pattern FORM = Pattern.compile(
            "(?:([^@\\s]+)@)?(\\[[^\\]\\s/@]+]|[^@:\\[\\]\\s]+)(?::(\\d{1,5}))?");

    public SshTarget {
        if (host == null || host.isBlank() || host.startsWith("-") || (user != null && user.startsWith("-"))) {
            throw new IllegalArgumentException("bad ssh target");
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("bad ssh port " + port);
        }
    }

    public static SshTarget parse(String text) throws SshException {
        String t = text == null ? "" : text.strip();
        Matcher m = FORM.matcher(t);
        String problem = !m.matches() ? "is not [USER@]HOST[:PORT]"
                : t.startsWith("-") || (m.group(2).startsWith("-")) ? "starts with '-'"
                : m.group(3) != null && (Integer.parseInt(m.group(3)) < 1 || Integer.parseInt(m.group(3)) > 65535)
                ? "has a port outside 1-65535" : null;
        if (problem != null) {
            throw new SshException(SshException.Kind.BAD_TARGET, "--host " + text + " " + problem + ": give e.g. "
                    + "gpu-box, alice@10.0.0.5 or alice@gpu-box:2222 (an alias of ~/.ssh/config works too)");
        }
        String host = m.group(2);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return new SshTarget(m.group(1), host, m.group(3) == null ? null : Integer.parseInt(m.group(3)));
    }

    /** How the user would write it, e.g. "alice@gpu-box:2222". */
    public String display() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return (user == null ? "" : user + "@") + h + (port == null ? "" : ":" + port);
    }

    @Override
    public String toString() {
        return display();
    }
}
