package dev.memlens.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's real OpenSSH server on 127.0.0.1 at a free port: a generated host key, an authorized test key, and
 * {@code SetEnv PATH=} pointing at a directory of stand-in tools first. Client configs for {@code --ssh-config}
 * are generated beside it, all for the alias {@value #ALIAS}: {@link #config()} (known host key, authorized key),
 * {@link #configUnknownHostKey()} (empty known_hosts) and {@link #configRefusedKey()} (a key sshd does not know).
 * Tests skip, saying how to install it, when sshd is missing.
 */
public final class RealSshd implements AutoCloseable {
    public static final String ALIAS = "gpu-box";
    private static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final Path dir;
    private Process process;
    private final int port;

    private RealSshd(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    public static void assumeInstalled() {
        assumeTrue(Files.isExecutable(SSHD) && Files.isExecutable(Path.of("/usr/bin/ssh"))
                        && Files.isExecutable(Path.of("/usr/bin/ssh-keygen")),
                "OpenSSH server and client are not installed: install them with 'sudo apt-get install -y "
                        + "openssh-server openssh-client' (Debian/Ubuntu) to run the real-sshd tests");
    }

    /** Starts sshd; {@code toolsDir} goes first on the PATH of every session. */
    public static RealSshd start(Path dir, Path toolsDir) throws IOException, InterruptedException {
        return start(dir, toolsDir, java.util.Map.of());
    }

    /** Starts sshd; {@code toolsDir} goes first on the PATH of every session, {@code sessionEnv} is set too. */
    public static RealSshd start(Path dir, Path toolsDir, java.util.Map<String, String> sessionEnv)
            throws IOException, InterruptedException {
        return start(dir, toolsDir, sessionEnv, List.of());
    }

    /** As {@link #start(Path, Path, java.util.Map)}, with more sshd_config lines ("MaxSessions 1"). */
    public static RealSshd start(Path dir, Path toolsDir, java.util.Map<String, String> sessionEnv,
                                 List<String> moreConfig) throws IOException, InterruptedException {
        assumeInstalled();
        Files.createDirectories(dir);
        keygen(dir.resolve("host_key"));
        keygen(dir.resolve("client_key"));
        keygen(dir.resolve("other_key"));
        Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
        String user = System.getProperty("user.name");
        if ("root".equals(user)) {
            Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege-separation directory, as its service makes it
        }
        Path home = Files.createDirectories(dir.resolve("home")).toAbsolutePath();
        int port = FreePorts.loopback();
        String config = String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_key"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "PermitRootLogin prohibit-password",
                "UsePAM no",
                "StrictModes no",
                "PidFile " + dir.resolve("sshd.pid"),
                // a HOME of its own: the sessions' shell must not source this machine's ~/.bashrc (its pyenv
                // rehash prints into what the tests read, and waits on a lock other builds hold)
                "SetEnv PATH=" + toolsDir.toAbsolutePath() + ":/usr/local/bin:/usr/bin:/bin HOME=" + home
                        + setEnv(sessionEnv),
                "Subsystem sftp internal-sftp",
                "ClientAliveInterval 2",
                "ClientAliveCountMax 2",
                String.join("\n", moreConfig),
                "");
        Files.writeString(dir.resolve("sshd_config"), config);
        String hostKey = Files.readString(dir.resolve("host_key.pub")).strip().split("\\s+", 3)[0] + " "
                + Files.readString(dir.resolve("host_key.pub")).strip().split("\\s+", 3)[1];
        Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + port + " " + hostKey + "\n");
        Files.writeString(dir.resolve("empty_known_hosts"), "");
        clientConfig(dir.resolve("ssh_config"), port, user, dir.resolve("client_key"), dir.resolve("known_hosts"));
        clientConfig(dir.resolve("ssh_config_unknown_host"), port, user, dir.resolve("client_key"),
                dir.resolve("empty_known_hosts"));
        clientConfig(dir.resolve("ssh_config_refused_key"), port, user, dir.resolve("other_key"),
                dir.resolve("known_hosts"));
        Process process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        RealSshd sshd = new RealSshd(dir, process, port);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!sshd.log().contains("Server listening on 127.0.0.1 port " + port)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("sshd did not start; its log:\n" + sshd.log());
            }
            Thread.sleep(50);
        }
        return sshd;
    }

    private static String setEnv(java.util.Map<String, String> variables) {
        StringBuilder line = new StringBuilder();
        variables.forEach((name, value) -> line.append(' ').append(name).append("=\"").append(value).append('"'));
        return line.toString();
    }

    private static void clientConfig(Path file, int port, String user, Path key, Path knownHosts)
            throws IOException {
        Files.writeString(file, String.join("\n",
                "Host " + ALIAS,
                "  HostName 127.0.0.1",
                "  Port " + port,
                "  User " + user,
                "  IdentityFile " + key,
                "  IdentitiesOnly yes",
                "  IdentityAgent none",
                "  UserKnownHostsFile " + knownHosts,
                "  GlobalKnownHostsFile /dev/null",
                "  LogLevel ERROR",
                ""));
    }

    private static void keygen(Path key) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "memlens-test",
                "-f", key.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("ssh-keygen failed for " + key);
        }
    }


    public int port() {
        return port;
    }

    public Path config() {
        return dir.resolve("ssh_config");
    }

    public Path configUnknownHostKey() {
        return dir.resolve("ssh_config_unknown_host");
    }

    public Path configRefusedKey() {
        return dir.resolve("ssh_config_refused_key");
    }

    public String log() {
        try {
            return Files.exists(dir.resolve("sshd.log")) ? Files.readString(dir.resolve("sshd.log")) : "";
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * Runs a command on the host through the generated config (for checks a test makes itself) and returns its
     * stdout; its stderr is kept apart (shell start-up noise must not read as output) and shown when ssh fails.
     */
    public List<String> ssh(String remoteCommand) throws IOException, InterruptedException {
        Path stderr = Files.createTempFile(dir, "ssh-check", ".stderr");
        Process p = new ProcessBuilder("/usr/bin/ssh", "-F", config().toString(), "-o", "BatchMode=yes", ALIAS,
                remoteCommand).redirectError(stderr.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() == 255) {
            p.destroyForcibly();
            throw new AssertionError("ssh to the test sshd failed for '" + remoteCommand + "': "
                    + Files.readString(stderr));
        }
        return out.lines().toList();
    }

    /**
     * Stops the listener: new connections are refused; connections already made keep their own sshd process (as
     * when a host's sshd is restarted, or a network drops new connections).
     */
    public void stopListening() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** Listens again, on the same port with the same keys. */
    public void listenAgain() throws IOException, InterruptedException {
        String before = log();
        process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sshd.log")
                        .toFile())).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!log().substring(before.length()).contains("Server listening on 127.0.0.1 port " + port)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("sshd did not start again; its log:\n" + log());
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
