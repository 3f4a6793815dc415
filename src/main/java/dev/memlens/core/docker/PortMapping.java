package dev.memlens.core.docker;

/**
 * One line of {@code docker port NAME}: "8000/tcp -> 0.0.0.0:18000" or "8000/tcp -> [::]:18000".
 *
 * @param hostAddress as docker prints it, brackets removed: "0.0.0.0", "::", "127.0.0.1"
 */
public record PortMapping(int containerPort, String protocol, String hostAddress, int hostPort) {

    /** The address a client on this host connects to: a wildcard binding means loopback. */
    public String connectHost() {
        return switch (hostAddress) {
            case "0.0.0.0", "" -> "127.0.0.1";
            case "::" -> "[::1]";
            default -> hostAddress.contains(":") ? "[" + hostAddress + "]" : hostAddress;
        };
    }

    public boolean isIpv6() {
        return hostAddress.contains(":");
    }
}
