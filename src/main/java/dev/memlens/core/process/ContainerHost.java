package dev.memlens.core.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A running container, reached with {@code docker exec} from another host (usually this machine). Ending the local
 * docker client does not end what it started inside, so the tree is ended inside the container by its tag.
 */
public final class ContainerHost implements Host {
    static final String INSTALL_HINT = "install Docker (https://docs.docker.com/engine/install/) or set the docker"
            + " command to its full path";
    /**
     * Lists, signals and waits for the tagged processes inside the container with nothing but sh and /proc (slim
     * images have no ps or pkill). Fixed text: the tag and grace arrive as positional arguments.
     */
    public static final String TREE_SCRIPT = String.join("\n",
            "tag=\"$1\"; action=\"$2\"; tenths=\"$3\"",
            "list() { for e in /proc/[0-9]*/environ; do p=${e#/proc/}; p=${p%/environ}; [ \"$p\" = \"$$\" ] && continue;",
            "  tr '\\000' '\\n' < \"$e\" 2>/dev/null | grep -qx \"" + ProcessTree.TAG_VARIABLE + "=$tag\" && echo \"$p\"; done; }",
            "if [ \"$action\" = list ]; then list; exit 0; fi",
            "pids=$(list); [ -z \"$pids\" ] && { echo ended 0 0; exit 0; }",
            "total=$(echo $pids | wc -w); kill -TERM $pids 2>/dev/null; i=0",
            "while [ $i -lt \"$tenths\" ]; do [ -z \"$(list)\" ] && { echo ended $total 0; exit 0; }; sleep 0.1; i=$((i+1)); done",
            // SIGKILL is delivered asynchronously: "ended" only once they are gone (or 5 s passed), as ProcessTree does
            "left=$(list); kill -KILL $left 2>/dev/null; i=0",
            "while [ $i -lt 50 ] && [ -n \"$(list)\" ]; do sleep 0.1; i=$((i+1)); done",
            "echo ended $total $(echo $left | wc -w)");
    private static final Duration SHORT_COMMAND = Duration.ofSeconds(60);

    private final Host via;
    private final String dockerCommand;
    private final Map<String, String> dockerEnvironment;
    private final String container;

    /**
     * @param via               where the docker client runs (this machine, or a remote host)
     * @param dockerCommand     "docker" or a full path (podman's docker-compatible CLI works too)
     * @param dockerEnvironment variables for the docker client (PATH, DOCKER_HOST...)
     * @param container         the container's name or id
     */
    public ContainerHost(Host via, String dockerCommand, Map<String, String> dockerEnvironment, String container) {
        this.via = via;
        this.dockerCommand = dockerCommand;
        this.dockerEnvironment = Map.copyOf(dockerEnvironment);
        this.container = container;
    }

    public String container() {
        return container;
    }

    @Override
    public String description() {
        return "container '" + container + "'";
    }

    /** {@code docker exec -e TAG -e K=V.. [-w DIR] CONTAINER program args..}; the container's own environment is used. */
    @Override
    public LocalCommand localCommand(ProcessSpec spec, String tag) throws ProgramNotFoundException {
        List<String> argv = new ArrayList<>(List.of(dockerCommand, "exec", "-e", ProcessTree.TAG_VARIABLE + "=" + tag));
        spec.environmentOverrides().forEach((name, value) -> {
            argv.add("-e");
            argv.add(name + "=" + value);
        });
        spec.workingDirectory().ifPresent(directory -> {
            argv.add("-w");
            argv.add(directory.toString());
        });
        argv.add(container);
        argv.addAll(spec.command());
        return via.localCommand(clientSpec(argv), tag);
    }

    @Override
    public TreeEnd terminateTree(ProcessHandle localRoot, String tag, Duration grace) {
        TreeEnd inside = new TreeEnd(0, 0, 0, ProcessTree.seconds(grace));
        try {
            ProcessResult result = via.run(treeCommand(tag, "end", grace)
                    .withTimeout(grace.plus(SHORT_COMMAND)), OutputListener.NONE);
            inside = parseEnd(result.stdoutTail(), grace).orElse(inside);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TreeEnd client = via.terminateTree(localRoot, tag, grace);
        return new TreeEnd(inside.processes() + client.processes(), inside.killed() + client.killed(),
                inside.survivors() + client.survivors(), inside.graceText());
    }

    private static Optional<TreeEnd> parseEnd(List<String> lines, Duration grace) {
        for (String line : lines) {
            String[] words = line.strip().split("\\s+");
            if (words.length == 3 && words[0].equals("ended")) {
                try {
                    int total = Integer.parseInt(words[1]);
                    int killed = Integer.parseInt(words[2]);
                    return Optional.of(new TreeEnd(total, killed, 0, ProcessTree.seconds(grace)));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public List<Long> taggedProcesses(String tag) throws IOException {
        ProcessResult result = runShort(treeCommand(tag, "list", Duration.ZERO), "list processes in");
        return result.stdoutTail().stream().map(String::strip).filter(s -> s.matches("\\d+")).map(Long::valueOf).toList();
    }

    @Override
    public Optional<String> resolveExecutable(String program, Map<String, String> environment) throws IOException {
        List<String> argv = new ArrayList<>(List.of(dockerCommand, "exec"));
        environment.forEach((name, value) -> {
            argv.add("-e");
            argv.add(name + "=" + value);
        });
        argv.addAll(List.of(container, "sh", "-c", "command -v \"$1\"", "memlens-which", program));
        ProcessResult result = runShort(clientSpec(argv), "look up " + program + " in");
        return result.succeeded() && !result.stdoutTail().isEmpty()
                ? Optional.of(result.stdoutTail().get(0).strip()) : Optional.empty();
    }

    @Override
    public void copyFile(Path localFile, String destination) throws IOException {
        ProcessResult result = runShort(clientSpec(List.of(dockerCommand, "cp", localFile.toString(),
                container + ":" + destination)), "copy " + localFile + " into");
        if (!result.succeeded()) {
            throw new IOException("Could not copy " + localFile + " into " + description() + " at " + destination
                    + ": " + result.message() + tail(result));
        }
    }

    private ProcessSpec treeCommand(String tag, String action, Duration grace) {
        return clientSpec(List.of(dockerCommand, "exec", container, "sh", "-c", TREE_SCRIPT, "memlens-tree", tag,
                action, Long.toString(Math.max(1, grace.toMillis() / 100))));
    }

    private ProcessSpec clientSpec(List<String> argv) {
        return ProcessSpec.of(argv).withEnvironment(dockerEnvironment).withInstallHint(INSTALL_HINT);
    }

    private ProcessResult runShort(ProcessSpec spec, String purpose) throws IOException {
        try {
            ProcessResult result = via.run(spec.withTimeout(SHORT_COMMAND), OutputListener.NONE);
            if (result.outcome() == ProcessOutcome.FAILED_TO_START || result.outcome() == ProcessOutcome.TIMED_OUT) {
                throw new IOException("Could not " + purpose + " " + description() + ": " + result.message());
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while trying to " + purpose + " " + description(), e);
        }
    }

    private static String tail(ProcessResult result) {
        String text = String.join(" ", result.stderrTail()).strip();
        return text.isEmpty() ? "" : " (" + text + ")";
    }

    @Override
    public String toString() {
        return "ContainerHost[" + container + " via " + via + "]";
    }
}
