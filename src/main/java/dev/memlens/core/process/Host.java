package dev.memlens.core.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A machine MemLens runs programs on: this one ({@link #local()}), a container through docker exec
 * ({@link ContainerHost}), later a remote one through ssh. A host says how this machine starts a spec there
 * ({@link #localCommand}), how it ends the whole tree there ({@link #terminateTree}), finds a program, copies a file
 * in and lists the processes carrying a run's tag. Starting, draining with bounded lines, timeouts and results are the
 * same for every host ({@link ManagedProcess}).
 */
public interface Host {

    /** This machine. */
    static Host local() {
        return LocalHost.INSTANCE;
    }

    /** For messages: "this machine", "container 'vllm'". */
    String description();

    /** Whether programs run on this machine (its files are theirs); wrappers answer for what they wrap. */
    default boolean isThisMachine() {
        return this == local();
    }

    /**
     * The command this machine starts to run the spec on this host. {@code tag} must reach the started program's
     * environment as {@link ProcessTree#TAG_VARIABLE} (it is how the tree is found and ended).
     *
     * @throws ProgramNotFoundException when the program cannot be run there, with the fix in the message
     */
    LocalCommand localCommand(ProcessSpec spec, String tag) throws ProgramNotFoundException;

    /**
     * Ends every process of a run on this host (SIGTERM, then SIGKILL after the grace) and the local process that
     * carries it ({@code localRoot}: the program itself, or the docker/ssh client; may be null). Blocks until done.
     */
    TreeEnd terminateTree(ProcessHandle localRoot, String tag, Duration grace);

    /** The processes on this host that carry the tag (a run's survivors), as pids on that host. */
    List<Long> taggedProcesses(String tag) throws IOException;

    /** Where the program would be run from, on this host's PATH given by {@code environment}; empty if nowhere. */
    Optional<String> resolveExecutable(String program, Map<String, String> environment) throws IOException;

    /**
     * Looks afresh at what is left of the trees this host ended (cancel, timeout, lost connection) since the last
     * call, and forgets them. {@link EndCheck#NONE} when there is nothing to check: this machine's own trees are
     * ended and checked by {@link ProcessTree} while they are ended.
     */
    default EndCheck checkEndedTrees() {
        return EndCheck.NONE;
    }

    /**
     * A URL this machine can use for {@code url} as it is seen on this host: a server on another machine's loopback
     * is reached through a forward (SSH); on this machine, or for any other address, the URL as given.
     *
     * @throws IOException when the forward cannot be set up, with the cause for the user
     */
    default String reachFromHere(String url) throws IOException {
        return url;
    }

    /** Copies a file of this machine to {@code destination} on this host (replacing it). */
    void copyFile(Path localFile, String destination) throws IOException;

    /**
     * Starts the program and returns at once. Never throws for a program that cannot start: the returned process is
     * then already finished with {@link ProcessOutcome#FAILED_TO_START} and a message naming the program and the fix.
     */
    default ManagedProcess start(ProcessSpec spec, OutputListener listener) {
        return ManagedProcess.start(this, spec, listener);
    }

    /** Starts the program and waits for the end of its run (or its timeout); an interrupt ends the tree before it returns. */
    default ProcessResult run(ProcessSpec spec, OutputListener listener) throws InterruptedException {
        ManagedProcess process = start(spec, listener);
        try {
            return process.awaitResult();
        } catch (InterruptedException e) {
            process.cancelAndWait();
            throw e;
        }
    }
}
