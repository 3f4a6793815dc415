package dev.memlens.core.ssh;

import dev.memlens.core.process.ContainerHost;
import dev.memlens.core.process.EndCheck;
import dev.memlens.core.process.Host;
import dev.memlens.core.process.LocalCommand;
import dev.memlens.core.process.ManagedProcess;
import dev.memlens.core.process.OutputListener;
import dev.memlens.core.process.ProcessOutcome;
import dev.memlens.core.process.ProcessResult;
import dev.memlens.core.process.ProcessSpec;
import dev.memlens.core.process.ProcessTree;
import dev.memlens.core.process.ProgramNotFoundException;
import dev.memlens.core.process.TreeEnd;
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
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A GPU server reached with the system OpenSSH client, so the user's aliases, keys, agent, ProxyJump and
 * known_hosts apply ({@code -F FILE} when given). Argument lists only: the remote command line is built by
 * {@link RemoteShell}. One multiplexed connection per host (ControlMaster, ControlPath in a private temporary
 * directory) carries sampling, the engine and the kill commands. BatchMode: ssh never prompts.
 *
 * <p>Every program runs on the host under {@code setsid} with its process-group id written to
 * {@code $TMPDIR/memlens-TAG.pgid}; a watcher on the host ends the group when the session's input closes (the
 * client went away). Cancel, timeouts and a connection lost on this side end the group over a second connection,
 * then the run's tagged stragglers ({@link ContainerHost#TREE_SCRIPT}).
 */
public final class SshHost implements Host, AutoCloseable {
    static final String SSH_INSTALL_HINT = "install the OpenSSH client (sudo apt-get install openssh-client)";
    /** Environment variables passed to the host; the rest of this machine's environment (PATH...) is not. */
    static final Pattern FORWARDED = Pattern.compile(
            "(CUDA|HIP|ROCR|HF|HUGGING_FACE|VLLM|PYTORCH|TORCH|NCCL|TRANSFORMERS|TOKENIZERS|OMP|MEMLENS)_[A-Z0-9_]*");
    private static final java.util.Set<String> LOOPBACK = java.util.Set.of("127.0.0.1", "localhost", "::1", "[::1]");
    private static final Pattern SAFE_TAG = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Duration SHORT = Duration.ofSeconds(30);
    private static final int LOST = 255;

    /**
     * Runs "$@" in the group of this new session's leader: $1 tag, $2 working directory (may be empty), $3 grace in
     * tenths of a second. The watcher follows the sshd session process (the parent of setsid): when it is gone the
     * client went away (lost connection), so it ends the group: SIGTERM, then SIGKILL after the grace.
     */
    static final String RUN_SCRIPT = String.join("\n",
            "f=\"${TMPDIR:-/tmp}/memlens-$1.pgid\"; tenths=\"$3\"; echo $$ > \"$f\"",
            "[ -z \"$2\" ] || cd \"$2\" || { rm -f \"$f\"; echo \"memlens: no directory $2 on the host\" >&2; exit 126; }",
            "shift 3",
            "session=$(awk '{print $4}' \"/proc/$PPID/stat\" 2>/dev/null)",
            "\"$@\" </dev/null &",
            "child=$!",
            "( [ -n \"$session\" ] || exit 0; nap=",
            "  trap 'kill $nap 2>/dev/null; exit 0' TERM",
            "  while [ -e \"/proc/$session\" ]; do sleep 1 & nap=$!; wait $nap; done",
            "  trap '' TERM; kill -TERM -$$ 2>/dev/null; i=0",
            "  while [ $i -lt \"$tenths\" ] && kill -0 -$$ 2>/dev/null; do sleep 0.1; i=$((i+1)); done",
            "  rm -f \"$f\"; kill -KILL -$$ 2>/dev/null ) </dev/null >/dev/null 2>&1 &",
            "watcher=$!",
            "wait $child; rc=$?",
            "kill $watcher 2>/dev/null; rm -f \"$f\"; exit $rc");
    /**
     * Ends a run's process group on the host: $1 tag, $2 grace in tenths; prints "ended TOTAL KILLED". Zombies do not
     * count (they run nothing; in a container without an init they may never be reaped).
     */
    static final String END_SCRIPT = String.join("\n",
            "f=\"${TMPDIR:-/tmp}/memlens-$1.pgid\"; tenths=\"$2\"",
            "[ -f \"$f\" ] || { echo ended 0 0; exit 0; }",
            "pg=$(cat \"$f\"); echo group \"$pg\"",
            "count() { ps -e -o pgid=,stat= 2>/dev/null | awk -v g=\"$pg\" '$1==g && $2 !~ /^Z/ {n++} END{print n+0}'; }",
            "total=$(count); [ \"$total\" -gt 0 ] || { rm -f \"$f\"; echo ended 0 0; exit 0; }",
            "kill -TERM \"-$pg\" 2>/dev/null; i=0",
            "while [ $i -lt \"$tenths\" ]; do [ \"$(count)\" -gt 0 ] || { rm -f \"$f\"; echo ended $total 0; exit 0; }",
            "  sleep 0.1; i=$((i+1)); done",
            // SIGKILL is delivered asynchronously: "ended" only once the group is gone (or 5 s passed)
            "left=$(count); kill -KILL \"-$pg\" 2>/dev/null; i=0",
            "while [ $i -lt 50 ] && [ \"$(count)\" -gt 0 ]; do sleep 0.1; i=$((i+1)); done",
            "rm -f \"$f\"; echo ended $total $left");
    /**
     * Lists what runs of ended trees: pairs of $1 tag, $2 process group (0: unknown), each the group's live members
     * and every process carrying the tag; prints their pids, then "checked".
     */
    static final String LEFT_SCRIPT = String.join("\n",
            "while [ $# -ge 2 ]; do tag=\"$1\"; pg=\"$2\"; shift 2",
            "  [ \"$pg\" = 0 ] || ps -e -o pid=,pgid=,stat= 2>/dev/null | awk -v g=\"$pg\" '$2==g && $3 !~ /^Z/ {print $1}'",
            "  for e in /proc/[0-9]*/environ; do p=${e#/proc/}; p=${p%/environ}; [ \"$p\" = \"$$\" ] && continue",
            "    tr '\\000' '\\n' < \"$e\" 2>/dev/null | grep -qx \"" + ProcessTree.TAG_VARIABLE + "=$tag\" && echo \"$p\"; done",
            "done | sort -un",
            "echo checked");

    private final SshTarget target;
    private final Path sshConfig;
    private final Map<String, String> localEnvironment;
    private final Path controlDir;
    /** The trees ended on the host since the last {@link #checkEndedTrees()}: tag → process group (0: unknown). */
    private final Map<String, Long> endedTrees = new java.util.concurrent.ConcurrentHashMap<>();
    private boolean connected;

    private SshHost(SshTarget target, Path sshConfig, Map<String, String> localEnvironment, Path controlDir) {
        this.target = target;
        this.sshConfig = sshConfig;
        this.localEnvironment = Map.copyOf(localEnvironment);
        this.controlDir = controlDir;
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
        return new SshHost(target, sshConfig, localEnvironment, dir);
    }

    /** Opens the multiplexed master connection unless it is open. */
    public synchronized void ensureConnected() throws SshException {
        if (!connected) {
            startMaster();
            connected = true;
        }
    }

    public SshTarget target() {
        return target;
    }

    @Override
    public String description() {
        return "host " + target;
    }

    /** How the user would connect by hand, for advice: "ssh -F cfg -p 2222 alice@gpu-box". */
    public String connectHint() {
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

    private List<String> remote(List<String> remoteArgv) {
        List<String> argv = ssh("ssh", "auto");
        argv.addAll(List.of("-T", "--", target.host(), RemoteShell.command(remoteArgv)));
        return argv;
    }

    private ProcessSpec local(List<String> argv) {
        return ProcessSpec.of(argv).withOnlyEnvironment(localEnvironment).withInstallHint(SSH_INSTALL_HINT);
    }

    private void startMaster() throws SshException {
        List<String> argv = ssh("ssh", "yes");
        argv.addAll(List.of("-o", "ControlPersist=yes", "-f", "-N", "--", target.host()));
        ProcessResult result = runLocal(local(argv).withTimeout(Duration.ofSeconds(60)));
        if (result.outcome() == ProcessOutcome.FAILED_TO_START) {
            throw new SshException(SshException.Kind.SSH_MISSING, result.message());
        }
        if (!result.succeeded()) {
            throw SshErrors.classify(target, connectHint(), result.stderrTail());
        }
    }

    /** Runs a short command on the host (through the master) and returns its result. */
    public ProcessResult runShort(List<String> remoteArgv) throws SshException {
        ensureConnected();
        ProcessResult result = runLocal(local(remote(remoteArgv)).withTimeout(SHORT));
        if (result.outcome() == ProcessOutcome.FAILED_TO_START) {
            throw new SshException(SshException.Kind.SSH_MISSING, result.message());
        }
        if (result.outcome() == ProcessOutcome.EXITED && result.exitCode() == LOST) {
            throw SshErrors.classify(target, connectHint(), result.stderrTail());
        }
        return result;
    }

    private static ProcessResult runLocal(ProcessSpec spec) {
        try {
            return Host.local().run(spec, OutputListener.NONE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProcessResult(ProcessOutcome.CANCELLED, -1, "interrupted", List.of(), List.of(),
                    Duration.ZERO);
        }
    }

    @Override
    public LocalCommand localCommand(ProcessSpec spec, String tag) throws ProgramNotFoundException {
        checkTag(tag);
        String program = spec.program();
        try {
            if (resolveExecutable(program, Map.of()).isEmpty()) {
                throw new ProgramNotFoundException(program + " is not installed on " + target + " (not on the PATH "
                        + "of its non-interactive ssh sessions): " + spec.installHint().orElse("install it there")
                        + ", or give its full path");
            }
        } catch (IOException e) {
            throw new ProgramNotFoundException(e.getMessage());
        }
        List<String> remoteArgv = new ArrayList<>(List.of("setsid", "-w", "sh", "-c", RUN_SCRIPT, "memlens-run", tag,
                spec.workingDirectory().map(Path::toString).orElse(""),
                Long.toString(Math.max(1, spec.cancelGrace().toMillis() / 100)),
                "env", ProcessTree.TAG_VARIABLE + "=" + tag));
        spec.environmentOverrides().forEach((name, value) -> {
            if (FORWARDED.matcher(name).matches()) {
                remoteArgv.add(name + "=" + value);
            }
        });
        remoteArgv.addAll(spec.command());
        return Host.local().localCommand(local(remote(remoteArgv)), tag);
    }

    /** Starts as every host does; when the connection is lost (ssh exits 255) the run's group is ended on the host. */
    @Override
    public ManagedProcess start(ProcessSpec spec, OutputListener listener) {
        ManagedProcess process = Host.super.start(spec, listener);
        process.onEnd().thenAccept(result -> {
            if (result.outcome() == ProcessOutcome.EXITED && result.exitCode() == LOST) {
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
                localRoot.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                localRoot.destroyForcibly();
            }
        }
        return remote;
    }

    /** The group by its pgid file, then any tagged process that left it; over a second connection. */
    private TreeEnd endOnHost(String tag, Duration grace) {
        checkTag(tag);
        String tenths = Long.toString(Math.max(1, grace.toMillis() / 100));
        int total = 0;
        int killed = 0;
        try {
            ProcessResult group = runLocal(local(remote(List.of("sh", "-c", END_SCRIPT, "memlens-end", tag, tenths)))
                    .withTimeout(grace.plus(SHORT)));
            endedTrees.merge(tag, group(group.stdoutTail()), Math::max);
            int[] counts = ended(group.stdoutTail());
            total += counts[0];
            killed += counts[1];
            ProcessResult stragglers = runLocal(local(remote(List.of("sh", "-c", ContainerHost.TREE_SCRIPT,
                    "memlens-tree", tag, "end", tenths))).withTimeout(grace.plus(SHORT)));
            counts = ended(stragglers.stdoutTail());
            total += counts[0];
            killed += counts[1];
        } catch (RuntimeException e) {
            // reported through the counts: nothing known ended
        }
        return new TreeEnd(total, killed, 0, (grace.toMillis() / 1000.0) + " s");
    }

    /** The process group END_SCRIPT found recorded, 0 when none was. */
    private static long group(List<String> lines) {
        for (String line : lines) {
            String[] words = line.strip().split("\\s+");
            if (words.length == 2 && words[0].equals("group") && words[1].matches("\\d{1,18}")) {
                return Long.parseLong(words[1]);
            }
        }
        return 0;
    }

    /**
     * Over a new connection of its own (the run's may be the one that was lost): the processes of the trees ended
     * since the last call that still run on the host, by their recorded process group and their tag.
     */
    @Override
    public EndCheck checkEndedTrees() {
        Map<String, Long> trees = new java.util.TreeMap<>();
        for (String tag : List.copyOf(endedTrees.keySet())) {
            Long group = endedTrees.remove(tag);
            if (group != null) {
                trees.put(tag, group);
            }
        }
        if (trees.isEmpty()) {
            return EndCheck.NONE;
        }
        List<String> remoteArgv = new ArrayList<>(List.of("sh", "-c", LEFT_SCRIPT, "memlens-left"));
        trees.forEach((tag, group) -> {
            remoteArgv.add(tag);
            remoteArgv.add(Long.toString(group));
        });
        List<String> argv = ssh("ssh", "no", "none");
        argv.addAll(List.of("-T", "--", target.host(), RemoteShell.command(remoteArgv)));
        ProcessResult result = runLocal(local(argv).withTimeout(SHORT));
        String how = "over a new ssh connection";
        String kill = killByTag(trees.keySet());
        if (!result.succeeded() || !result.stdoutTail().contains("checked")) {
            String cause = result.outcome() == ProcessOutcome.EXITED && result.exitCode() == LOST
                    ? SshErrors.classify(target, connectHint(), result.stderrTail()).getMessage()
                    : result.message() + " " + String.join(" ", result.stderrTail()).strip();
            trees.forEach((tag, group) -> endedTrees.merge(tag, group, Math::max)); // the next check tries again
            return new EndCheck(description(), how, trees.size(), List.of(), kill, cause.strip());
        }
        List<Long> pids = result.stdoutTail().stream().map(String::strip).filter(l -> l.matches("\\d{1,18}"))
                .map(Long::valueOf).toList();
        return new EndCheck(description(), how, trees.size(), pids, pids.isEmpty() ? null : kill, null);
    }

    /**
     * The command a user runs to end every process carrying the tags (short-lived children included, pids known or
     * not): "ssh gpu-box "grep -lzx MEMLENS_PROCESS_TAG=T /proc/[0-9]*&#47;environ 2>/dev/null | cut -d/ -f3 | xargs -r
     * kill -KILL 2>/dev/null || true"".
     */
    private String killByTag(java.util.Collection<String> tags) {
        StringBuilder grep = new StringBuilder("grep -lzx");
        tags.forEach(tag -> grep.append(" -e ").append(ProcessTree.TAG_VARIABLE).append('=').append(tag));
        // quiet and successful when a listed process ended before its kill (the engine's short-lived children do),
        // and /proc's unreadable entries are no news to the user
        return connectHint() + " \"" + grep + " /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3"
                + " | xargs -r kill -KILL 2>/dev/null || true\"";
    }

    private static int[] ended(List<String> lines) {
        for (String line : lines) {
            String[] words = line.strip().split("\\s+");
            if (words.length == 3 && words[0].equals("ended") && words[1].matches("\\d+") && words[2].matches("\\d+")) {
                return new int[] {Integer.parseInt(words[1]), Integer.parseInt(words[2])};
            }
        }
        return new int[] {0, 0};
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
        try {
            ensureConnected();
        } catch (SshException e) {
            throw new IOException(e.getMessage(), e);
        }
        List<String> argv = ssh("scp", "auto");
        argv.addAll(List.of("-q", "--", localFile.toString(), scpHost() + ":" + destination));
        ProcessResult result = runLocal(local(argv).withTimeout(Duration.ofMinutes(5)));
        if (!result.succeeded() && RemoteShell.quote(destination).equals(destination)) {
            // a host without the SFTP subsystem: the original scp protocol (safe here: the path needs no quoting)
            argv.add(1, "-O");
            result = runLocal(local(argv).withTimeout(Duration.ofMinutes(5)));
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
     * Forwards a free local port to {@code remotePort} on the host's loopback through the master connection
     * (for a server bound to 127.0.0.1 there); returns the local port.
     */
    public int forwardToHostLoopback(int remotePort) throws SshException {
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
        ProcessResult result = runLocal(local(argv).withTimeout(SHORT));
        if (!result.succeeded()) {
            throw new SshException(SshException.Kind.FAILED, "could not forward port " + remotePort + " of " + target
                    + ": " + String.join(" ", result.stderrTail()).strip());
        }
        return localPort;
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
        List<String> argv = ssh("ssh", "auto");
        argv.addAll(List.of("-O", "check", "--", target.host()));
        ProcessResult result = runLocal(local(argv).withTimeout(SHORT));
        java.util.regex.Matcher m = Pattern.compile("pid=(\\d+)").matcher(String.join(" ", result.stderrTail()));
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
                    runLocal(local(argv).withTimeout(SHORT));
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

    private static void checkTag(String tag) {
        if (!SAFE_TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("bad process tag " + tag);
        }
    }

    @Override
    public String toString() {
        return "SshHost[" + target + "]";
    }
}
