package dev.memlens.core.run.bench;

import dev.memlens.core.process.Host;
import dev.memlens.core.process.ManagedProcess;
import dev.memlens.core.process.OutputListener;
import dev.memlens.core.process.ProcessOutcome;
import dev.memlens.core.process.ProcessResult;
import dev.memlens.core.process.ProcessSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks the configured vLLM for its version the way a user's shell would ({@code vllm --version}, or
 * {@code python -m vllm.entrypoints.cli.main --version}): the bench run before it starts the engine, the Bench form
 * before anything runs. vLLM prints platform notes first and the bare version last.
 */
public final class VllmVersionCommand {
    private static final Pattern VERSION = Pattern.compile("(\\d+\\.\\d+(?:\\.\\d+)?(?:[.+][\\w.+]*)?)");

    /** What the command answered: the version, or null with the reason in words. */
    public record Answer(String version, String problem) {
        public boolean known() {
            return version != null;
        }
    }

    private VllmVersionCommand() {
    }

    /** The command's process, started on {@code host}; it is ended after {@code timeout}. */
    public static ManagedProcess start(Host host, List<String> versionCommand, Map<String, String> environment,
                                       Duration timeout) {
        ProcessSpec spec = ProcessSpec.of(versionCommand).withEnvironment(environment).withTimeout(timeout)
                .withInstallHint(BenchWorkload.INSTALL_HINT);
        return host.start(spec, OutputListener.NONE);
    }

    /** The last version-shaped text of the command's output, null when there is none. */
    public static String versionIn(ProcessResult result) {
        List<String> out = result.stdoutTail();
        for (int i = out.size() - 1; i >= 0; i--) {
            Matcher m = VERSION.matcher(out.get(i));
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    /** Runs the command to its end (at most {@code timeout}) and says what it answered. */
    public static Answer ask(Host host, List<String> versionCommand, Map<String, String> environment, Duration timeout)
            throws InterruptedException {
        ProcessResult r = start(host, versionCommand, environment, timeout).awaitResult();
        String command = "'" + String.join(" ", versionCommand) + "'";
        if (r.outcome() == ProcessOutcome.TIMED_OUT) {
            return new Answer(null, command + " did not answer within " + timeout.toSeconds() + " s");
        }
        if (r.outcome() != ProcessOutcome.EXITED) {
            return new Answer(null, r.message());
        }
        String version = versionIn(r);
        if (version != null) {
            return new Answer(version, null);
        }
        return new Answer(null, command + (r.succeeded() ? " printed no version" : " failed (" + r.message() + ")"));
    }
}
