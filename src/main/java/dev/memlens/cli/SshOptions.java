package dev.memlens.cli;

import dev.memlens.core.ssh.SshException;
import dev.memlens.core.ssh.SshHost;
import dev.memlens.core.ssh.SshTarget;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --host} and {@code --ssh-config}: run on a GPU server over the system ssh instead of this machine. */
public final class SshOptions {
    @Option(names = "--host", paramLabel = "[USER@]HOST[:PORT]",
            description = "Run on this GPU server over ssh (the system OpenSSH client: your ~/.ssh/config aliases, "
                    + "keys, agent, ProxyJump and known_hosts apply; never prompts). Tools run on the host.")
    String host;

    @Option(names = "--ssh-config", paramLabel = "FILE",
            description = "An ssh config file for --host (passed to ssh as -F FILE); default: your ~/.ssh/config.")
    Path sshConfig;

    boolean given() {
        return host != null;
    }

    /** Connects to --host; call only when {@link #given()}. */
    SshHost connect(Map<String, String> environment) throws SshException {
        if (sshConfig != null && host == null) {
            throw new SshException(SshException.Kind.BAD_TARGET, "--ssh-config needs --host");
        }
        return SshHost.connect(SshTarget.parse(host), sshConfig, environment);
    }

    /** The exit code for a connection failure: bad usage for a malformed target, a failed run otherwise. */
    static int exitCode(SshException e) {
        return e.kind() == SshException.Kind.BAD_TARGET ? CommandLineErrors.USAGE : RunCommandSupport.EXIT_FAILED;
    }
}
