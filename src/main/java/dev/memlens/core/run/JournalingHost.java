package dev.memlens.core.run;

import dev.memlens.core.process.EndCheck;
import dev.memlens.core.process.Host;
import dev.memlens.core.process.LocalCommand;
import dev.memlens.core.process.ManagedProcess;
import dev.memlens.core.process.OutputListener;
import dev.memlens.core.process.ProcessSpec;
import dev.memlens.core.process.ProgramNotFoundException;
import dev.memlens.core.process.TreeEnd;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host a session's workload starts its engines on: every process it starts is recorded in the run's journal (pid,
 * start time, tree tag), so that a later start finds it if it outlives this MemLens, and whatever of an engine's tree
 * is left when the engine exits by itself (a crash) is ended.
 */
final class JournalingHost implements Host {
    private final Host delegate;
    private final RunJournal journal;

    /** @param journal the run's journal, or null when it could not be created */
    JournalingHost(Host delegate, RunJournal journal) {
        this.delegate = delegate;
        this.journal = journal;
    }

    @Override
    public ManagedProcess start(ProcessSpec spec, OutputListener listener) {
        ManagedProcess process = delegate.start(spec.withTreeEndedOnExit(), listener);
        if (journal != null) {
            process.identity().ifPresent(identity -> journal.process(identity, process.tag(), delegate.description(),
                    spec.program()));
        }
        return process;
    }

    @Override
    public String description() {
        return delegate.description();
    }

    @Override
    public boolean isThisMachine() {
        return delegate.isThisMachine();
    }

    @Override
    public LocalCommand localCommand(ProcessSpec spec, String tag) throws ProgramNotFoundException {
        return delegate.localCommand(spec, tag);
    }

    @Override
    public TreeEnd terminateTree(ProcessHandle localRoot, String tag, Duration grace) {
        return delegate.terminateTree(localRoot, tag, grace);
    }

    @Override
    public String reachFromHere(String url) throws IOException {
        return delegate.reachFromHere(url);
    }

    @Override
    public EndCheck checkEndedTrees() {
        return delegate.checkEndedTrees();
    }

    @Override
    public List<Long> taggedProcesses(String tag) throws IOException {
        return delegate.taggedProcesses(tag);
    }

    @Override
    public Optional<String> resolveExecutable(String program, Map<String, String> environment) throws IOException {
        return delegate.resolveExecutable(program, environment);
    }

    @Override
    public void copyFile(Path localFile, String destination) throws IOException {
        delegate.copyFile(localFile, destination);
    }
}
