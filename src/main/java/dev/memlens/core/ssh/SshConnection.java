package dev.memlens.core.ssh;

import dev.memlens.core.process.Host;
import dev.memlens.core.process.OutputListener;
import dev.memlens.core.process.ProcessOutcome;
import dev.memlens.core.process.ProcessResult;
import dev.memlens.core.process.ProcessSpec;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The system OpenSSH client's connection to one host: the argument lists of ssh and scp with the options every call
 * shares (BatchMode, keep-alives, {@code -F FILE}, user, port), the multiplexed master (ControlMaster, ControlPath in
 * a private temporary directory), and the short calls made over it: a command, a copy, a port forward.
 */
final class SshConnection implements AutoCloseable {
    static final String SSH_INSTALL_HINT = "install the OpenSSH client (sudo apt-get install openssh-client)";
    /** How long a short command, a forward or a check may take. */
    static final Duration SHORT = Duration.ofSeconds(30);
    /** ssh's exit status when the connection failed or was lost (the remote command's own status otherwise). */
    static final int LOST = 255;

    private final SshTarget target;
    private final Path sshConfig;
    private final Map<String, String> localEnvironment;
    private final Path controlDir;
    private boolean connected;

    private SshConnection(SshTarget target, Path sshConfig, Map<String, String> localEnvironment, Path controlDir) {
        this.target = target;
        this.sshConfig = sshConfig;
        this.localEnvironment = Map.copyOf(localEnvironment);
        this.controlDir = controlDir;
    }

    /** Not connected yet: checks the config file and makes the private control directory. */
    static SshConnection prepare(SshTarget target, Path sshConfig, Map<String, String> localEnvironment)
            throws SshException {
        if (sshConfig != null && !Files.isReadable(sshConfig)) {
            throw new SshException(SshException.Kind.BAD_TARGET, "--ssh-config " + sshConfig + " cannot be read: "
                    + "check the path");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("memlens-ssh-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new SshException(SshException.Kind.FAILED, "cannot create a private directory for the ssh "
                    + "control socket: " + e.getMessage());
        }
        return new SshConnection(target, sshConfig, localEnvironment, dir);
    }

    SshTarget target() {
        return target;
    }

    /** Opens the multiplexed master connection unless it is open. */
    synchronized void ensureConnected() throws SshException {
        if (!connected) {
            startMaster();
            connected = true;
        }
    }

    /** How the user would connect by hand, for advice: "ssh -F cfg -p 2222 alice@gpu-box". */
    String connectHint() {
        StringBuilder hint = new StringBuilder("ssh");
        if (sshConfig != null) {
            hint.append(" -F ").append(sshConfig);
        }
        if (target.port() != null) {
            hint.append(" -p ").append(target.port());
        }
        return hint.append(' ').append(target.user() == null ? "" : target.user() + "@").append(target.host())
                .toString();
    }

    /** ssh and the options every call shares; {@code master} is the ControlMaster value. */
    private List<String> ssh(String program, String master) {
        return ssh(program, master, controlDir.resolve("%C").toString());
    }

    /** ssh and the shared options; {@code controlPath} "none" makes a connection of its own. */
    private List<String> ssh(String program, String master, String controlPath) {
        List<String> argv = new ArrayList<>(List.of(program));
        if (sshConfig != null) {
            argv.addAll(List.of("-F", sshConfig.toString()));
        }
        argv.addAll(List.of("-o", "BatchMode=yes", "-o", "ControlMaster=" + master,
                "-o", "ControlPath=" + controlPath, "-o", "ConnectTimeout=15",
                "-o", "ServerAliveInterval=5", "-o", "ServerAliveCountMax=3"));
        if (target.user() != null) {
            argv.addAll(List.of("-o", "User=" + target.user()));
        }
        if (target.port() != null) {
            argv.addAll(List.of("-o", "Port=" + target.port()));
        }
        return argv;
    }

    /** This machine's ssh running {@code remoteArgv} on the host through the master connection. */
    ProcessSpec remote(List<String> remoteArgv) {
        List<String> argv = ssh("ssh", "auto");
        argv.addAll(List.of("-T", "--", target.host(), RemoteShell.command(remoteArgv)));
        return local(argv);
    }

    /** As {@link #remote}, over a new connection of its own (the master's may be the one that was lost). */
    ProcessSpec separate(List<String> remoteArgv) {
        List<String> argv = ssh("ssh", "no", "none");
        argv.addAll(List.of("-T", "--", target.host(), RemoteShell.command(remoteArgv)));
        return local(argv);
    }

    private ProcessSpec local(List<String> argv) {
        return ProcessSpec.of(argv).withOnlyEnvironment(localEnvironment).withInstallHint(SSH_INSTALL_HINT);
    }

    private void startMaster() throws SshException {
        List<String> argv = ssh("ssh", "yes");
        argv.addAll(List.of("-o", "ControlPersist=yes", "-f", "-N", "--", target.host()));
        ProcessResult result = run(local(argv).withTimeout(Duration.ofSeconds(60)));
        if (result.outcome() == ProcessOutcome.FAILED_TO_START) {
            throw new SshException(SshException.Kind.SSH_MISSING, result.message());
        }
        if (!result.succeeded()) {
            throw SshErrors.classify(target, connectHint(), result.stderrTail());
        }
    }

    /** Runs a short command on the host (through the master) and returns its result. */
    ProcessResult runShort(List<String> remoteArgv) throws SshException {
        ensureConnected();
        ProcessResult result = run(remote(remoteArgv).withTimeout(SHORT));
        if (result.outcome() == ProcessOutcome.FAILED_TO_START) {
            throw new SshException(SshException.Kind.SSH_MISSING, result.message());
        }
        if (lost(result)) {
            throw classify(result);
        }
        return result;
    }

    /** Whether ssh gave up on the connection (rather than the remote command exiting). */
    static boolean lost(ProcessResult result) {
        return result.outcome() == ProcessOutcome.EXITED && result.exitCode() == LOST;
    }

    /** The cause of a lost connection, from what ssh printed. */
    SshException classify(ProcessResult lost) {
        return SshErrors.classify(target, connectHint(), lost.stderrTail());
    }

    /** Runs ssh or scp on this machine to its end; an interrupt ends it and reads as cancelled. */
    static ProcessResult run(ProcessSpec spec) {
        try {
            return Host.local().run(spec, OutputListener.NONE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProcessResult(ProcessOutcome.CANCELLED, -1, "interrupted", List.of(), List.of(),
                    Duration.ZERO);
        }
    }

    /** Copies a file of this machine to the host with scp through the master. */
    void copy(Path localFile, String destination) throws IOException {
        try {
            ensureConnected();
        } catch (SshException e) {
            throw new IOException(e.getMessage(), e);
        }
        List<String> argv = ssh("scp", "auto");
        argv.addAll(List.of("-q", "--", localFile.toString(), scpHost() + ":" + destination));
        ProcessResult result = run(local(argv).withTimeout(Duration.ofMinutes(5)));
        if (!result.succeeded() && RemoteShell.quote(destination).equals(destination)) {
            // a host without the SFTP subsystem: the original scp protocol (safe here: the path needs no quoting)
            argv.add(1, "-O");
            result = run(local(argv).withTimeout(Duration.ofMinutes(5)));
        }
        if (!result.succeeded()) {
            throw new IOException("could not copy " + localFile + " to " + target + ":" + destination + ": "
                    + String.join(" ", result.stderrTail()).strip());
        }
    }

    private String scpHost() {
        return target.host().contains(":") ? "[" + target.host() + "]" : target.host();
    }

    /**
     * Forwards a free local port to {@code remotePort} on the host's loopback through the master connection; returns
     * the local port.
     */
    int forwardToHostLoopback(int remotePort) throws SshException {
        ensureConnected();
        int localPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            localPort = socket.getLocalPort();
        } catch (IOException e) {
            throw new SshException(SshException.Kind.FAILED, "no free local port for the forward: " + e.getMessage());
        }
        List<String> argv = ssh("ssh", "auto");
        argv.addAll(List.of("-O", "forward", "-L", "127.0.0.1:" + localPort + ":127.0.0.1:" + remotePort, "--",
                target.host()));
        ProcessResult result = run(local(argv).withTimeout(SHORT));
        if (!result.succeeded()) {
            throw new SshException(SshException.Kind.FAILED, "could not forward port " + remotePort + " of " + target
                    + ": " + String.join(" ", result.stderrTail()).strip());
        }
        return localPort;
    }

    /** The pid of the multiplexed master on this machine. */
    Optional<Long> masterPid() {
        List<String> argv = ssh("ssh", "auto");
        argv.addAll(List.of("-O", "check", "--", target.host()));
        ProcessResult result = run(local(argv).withTimeout(SHORT));
        Matcher m = Pattern.compile("pid=(\\d+)").matcher(String.join(" ", result.stderrTail()));
        return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    /** Closes the master connection and removes the control directory. */
    @Override
    public void close() {
        List<String> argv = ssh("ssh", "auto");
        argv.addAll(List.of("-O", "exit", "--", target.host()));
        if (Files.exists(controlDir)) {
            try (Stream<Path> sockets = Files.list(controlDir)) {
                if (sockets.findAny().isPresent()) {
                    run(local(argv).withTimeout(SHORT));
                }
            } catch (IOException e) {
                // the directory went away: nothing to close
            }
        }
        try (Stream<Path> files = Files.walk(controlDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a private temporary directory
        }
    }
}
