package dev.memlens.cli;

import dev.memlens.core.ssh.SshException;
import dev.memlens.core.ssh.SshHost;
import java.io.PrintWriter;
import java.net.URI;

/**
 * {@code api --host}: a server bound to the host's loopback is reached through an SSH local forward on the
 * multiplexed connection; any other address is used as given (it must be reachable from here).
 */
final class ApiForward {
    private ApiForward() {
    }

    static String throughHost(SshHost host, String url, PrintWriter err) throws SshException {
        String reached;
        try {
            reached = host.reachable(url);
        } catch (SshException e) {
            if (e.kind() == SshException.Kind.BAD_TARGET) {
                throw new SshException(SshException.Kind.BAD_TARGET, "--api-url " + e.getMessage());
            }
            throw e;
        }
        if (!reached.equals(url)) {
            URI uri = URI.create(url);
            int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            err.println("memlens: " + uri.getHost() + ":" + port + " on " + host.target() + " is forwarded to "
                    + reached);
            err.flush();
        }
        return reached;
    }
}
