package dev.memlens.core.ssh;

import dev.memlens.core.process.ContainerHost;
import dev.memlens.core.process.EndCheck;
import dev.memlens.core.process.Host;
import dev.memlens.core.process.LocalCommand;
import dev.memlens.core.process.ManagedProcess;
import dev.memlens.core.process.OutputListener;
import dev.memlens.core.process.ProcessResult;
import dev.memlens.core.process.ProcessSpec;
import dev.memlens.core.process.ProcessTree;
import dev.memlens.core.process.ProgramNotFoundException;
import dev.memlens.core.process.TreeEnd;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A GPU server reached with the system OpenSSH client, so the user's aliases, keys, agent, ProxyJump and
 * known_hosts apply ({@code -F FILE} when given). Argument lists only: the remote command line is built by
 * {@link RemoteShell}. One multiplexed connection per host ({@link SshConnection}) carries sampling, the engine and
 * the kill commands. BatchMode: ssh never prompts.
 *
 * <p>Every program runs on the host under {@code setsid} with its process-group id written to
 * {@code $TMPDIR/memlens-TAG.pgid} ({@link HostScripts#RUN_SCRIPT}); a watcher on the host ends the group when the
 * session's input closes (the client went away). Cancel, timeouts and a connection lost on this side end the group
 * over a second connection, then the run's tagged stragglers ({@link HostTreeEnds}).
 */
public final class SshHost implements Host, AutoCloseable {
    /** Environment variables passed to the host; the rest of this machine's environment (PATH...) is not. */
    static final Pattern FORWARDED = Pattern.compile(
            "(CUDA|HIP|ROCR|HF|HUGGING_FACE|VLLM|PYTORCH|TORCH|NCCL|TRANSFORMERS|TOKENIZERS|OMP|MEMLENS)_[A-Z0-9_]*");
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");
    private static final Pattern SAFE_TAG = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final SshConnection connection;
    private final HostTreeEnds treeEnds;

    private SshHost(SshConnection connection) {
        this.connection = connection;
        this.treeEnds = new HostTreeEnds(connection, description());
    }

    /**
     * Connects (the multiplexed master) and checks the host answers; the error names the cause (unreachable,
     * authentication refused, unknown host key, ssh missing).
     *
     * @param sshConfig        {@code -F FILE}, or null for the user's own ~/.ssh/config
     * @param localEnvironment this machine's environment for ssh (PATH, HOME, SSH_AUTH_SOCK)
     */
    public static SshHost connect(SshTarget target, Path sshConfig, Map<String, String> localEnvironment)
            throws SshException {
        SshHost host = unconnected(target, sshConfig, localEnvironment);
        try {
            host.ensureConnected();
        } catch (SshException e) {
            host.close();
            throw e;
        }
        return host;
    }

    /**
     * A host that connects on first use (from a background thread: the app hands it to a run). A failure to connect
     * then fails that first program with the cause in its message.
     */
    public static SshHost unconnected(SshTarget target, Path sshConfig, Map<String, String> localEnvironment)
            throws SshException {
        return new SshHost(SshConnection.prepare(target, sshConfig, localEnvironment));
    }

    /** Opens the multiplexed master connection unless it is open. */
    public void ensureConnected() throws SshException {
        connection.ensureConnected();
    }

    public SshTarget target() {
        return connection.target();
    }

    @Override
    public String description() {
        return "host " + target();
    }

    /** How the user would connect by hand, for advice: "ssh -F cfg -p 2222 alice@gpu-box". */
    public String connectHint() {
        return connection.connectHint();
    }

    /** Runs a short command on the host (through the master) and returns its result. */
    public ProcessResult runShort(List<String> remoteArgv) throws SshException {
        return connection.runShort(remoteArgv);
    }

    @Override
    public LocalCommand localCommand(ProcessSpec spec, String tag) throws ProgramNotFoundException {
        checkTag(tag);
        String program = spec.program();
        try {
            if (resolveExecutable(program, Map.of()).isEmpty()) {
                throw new ProgramNotFoundException(program + " is not installed on " + target() + " (not on the PATH "
                        + "of its non-interactive ssh sessions): " + spec.installHint().orElse("install it there")
                        + ", or give its full path");
            }
        } catch (IOException e) {
            throw new ProgramNotFoundException(e.getMessage());
        }
        List<String> remoteArgv = new ArrayList<>(List.of("setsid", "-w", "sh", "-c", HostScripts.RUN_SCRIPT,
                "memlens-run", tag, spec.workingDirectory().map(Path::toString).orElse(""),
                Long.toString(Math.max(1, spec.cancelGrace().toMillis() / 100)),
                "env", ProcessTree.TAG_VARIABLE + "=" + tag));
        spec.environmentOverrides().forEach((name, value) -> {
            if (FORWARDED.matcher(name).matches()) {
                remoteArgv.add(name + "=" + value);
            }
        });
        remoteArgv.addAll(spec.command());
        return Host.local().localCommand(connection.remote(remoteArgv), tag);
    }

    /** Starts as every host does; when the connection is lost (ssh exits 255) the run's group is ended on the host. */
    @Override
    public ManagedProcess start(ProcessSpec spec, OutputListener listener) {
        ManagedProcess process = Host.super.start(spec, listener);
        process.onEnd().thenAccept(result -> {
            if (SshConnection.lost(result)) {
                endOnHost(process.tag(), spec.cancelGrace());
            }
        });
        return process;
    }

    @Override
    public TreeEnd terminateTree(ProcessHandle localRoot, String tag, Duration grace) {
        TreeEnd remote = endOnHost(tag, grace);
        if (localRoot != null) {
            localRoot.destroy();
            try {
                localRoot.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                localRoot.destroyForcibly();
            }
        }
        return remote;
    }

    /** The group by its pgid file, then any tagged process that left it; over a second connection. */
    private TreeEnd endOnHost(String tag, Duration grace) {
        checkTag(tag);
        int[] counts = treeEnds.end(tag, grace);
        return new TreeEnd(counts[0], counts[1], 0, (grace.toMillis() / 1000.0) + " s");
    }

    @Override
    public EndCheck checkEndedTrees() {
        return treeEnds.check();
    }

    @Override
    public List<Long> taggedProcesses(String tag) throws IOException {
        checkTag(tag);
        try {
            ProcessResult result = runShort(List.of("sh", "-c", ContainerHost.TREE_SCRIPT, "memlens-tree", tag,
                    "list", "1"));
            return result.stdoutTail().stream().map(String::strip).filter(s -> s.matches("\\d+"))
                    .map(Long::valueOf).toList();
        } catch (SshException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> resolveExecutable(String program, Map<String, String> environment) throws IOException {
        try {
            ProcessResult result = runShort(List.of("sh", "-c", "command -v \"$1\"", "memlens-which", program));
            return result.succeeded() && !result.stdoutTail().isEmpty()
                    ? Optional.of(result.stdoutTail().get(0).strip()) : Optional.empty();
        } catch (SshException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void copyFile(Path localFile, String destination) throws IOException {
        connection.copy(localFile, destination);
    }

    /**
     * Forwards a free local port to {@code remotePort} on the host's loopback through the master connection
     * (for a server bound to 127.0.0.1 there); returns the local port.
     */
    public int forwardToHostLoopback(int remotePort) throws SshException {
        return connection.forwardToHostLoopback(remotePort);
    }

    /**
     * {@code url} as this machine reaches it: a server bound to the host's loopback through a local forward on the
     * master connection (a free local port), any other address as given.
     *
     * @throws SshException BAD_TARGET for a URL that is not one; the cause when the forward fails
     */
    public String reachable(String url) throws SshException {
        java.net.URI uri;
        try {
            uri = java.net.URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new SshException(SshException.Kind.BAD_TARGET, url + " is not a URL: use the form http://HOST:PORT");
        }
        if (uri.getHost() == null || !LOOPBACK.contains(uri.getHost())) {
            return url;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        int localPort = forwardToHostLoopback(port);
        return uri.getScheme() + "://127.0.0.1:" + localPort + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    @Override
    public String reachFromHere(String url) throws IOException {
        try {
            return reachable(url);
        } catch (SshException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The pid of the multiplexed master on this machine (tests drop the connection with it). */
    public Optional<Long> masterPid() {
        return connection.masterPid();
    }

    /** Closes the master connection and removes the control directory. */
    @Override
    public void close() {
        connection.close();
    }

    private static void checkTag(String tag) {
        if (!SAFE_TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("bad process tag " + tag);
        }
    }

    @Override
    public String toString() {
        return "SshHost[" + target() + "]";
    }
}
