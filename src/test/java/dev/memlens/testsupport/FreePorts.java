package dev.memlens.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A free TCP port on 127.0.0.1 for a real server a test starts (Prometheus, sshd). */
public final class FreePorts {
    private FreePorts() {
    }

    public static int loopback() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
