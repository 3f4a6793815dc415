package dev.memlens.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a process runs (on this machine, which is the test sshd's host): a zombie runs nothing. */
public final class HostProcesses {
    private HostProcesses() {
    }

    /**
     * True while the process exists and is not a zombie (in a container without an init, killed orphans may stay
     * zombies for good).
     */
    public static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int end = stat.lastIndexOf(')');
            return end < 0 || stat.length() < end + 3 || stat.charAt(end + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }
}
