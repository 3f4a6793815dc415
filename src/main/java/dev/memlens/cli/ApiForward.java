package dev.memlens.cli;

import dev.memlens.core.ssh.SshException;
import dev.memlens.core.ssh.SshHost;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Set;

/**
 * {@code api --host}: a server bound to the host's loopback is reached through an SSH local forward on the
 * multiplexed connection; any other address is used as given (it must be reachable from here).
 */
final class ApiForward {
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

    private ApiForward() {
    }

    static String throughHost(SshHost host, String url, PrintWriter err) throws SshException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new SshException(SshException.Kind.BAD_TARGET, "--api-url " + url + " is not a URL: use the form "
                    + "http://HOST:PORT");
        }
        if (uri.getHost() == null || !LOOPBACK.contains(uri.getHost())) {
            return url;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        int local = host.forwardToHostLoopback(port);
        String forwarded = uri.getScheme() + "://127.0.0.1:" + local + (uri.getRawPath() == null ? "" : uri.getRawPath());
        err.println("memlens: " + uri.getHost() + ":" + port + " on " + host.target() + " is forwarded to " + forwarded);
        err.flush();
        return forwarded;
    }
}
