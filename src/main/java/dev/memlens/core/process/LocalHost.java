package dev.memlens.core.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** This machine: programs are found on the child's PATH and trees are ended through /proc and ProcessHandle. */
final class LocalHost implements Host {
    static final LocalHost INSTANCE = new LocalHost();

    private LocalHost() {
    }

    @Override
    public String description() {
        return "this machine";
    }

    @Override
    public LocalCommand localCommand(ProcessSpec spec, String tag) throws ProgramNotFoundException {
        Map<String, String> environment = spec.localEnvironment();
        environment.put(ProcessTree.TAG_VARIABLE, tag);
        Path workingDirectory = spec.workingDirectory().orElse(null);
        String program = spec.program();
        Optional<Path> executable = ExecutableLocator.locate(program, environment.get("PATH"), workingDirectory);
        if (executable.isEmpty()) {
            String where = program.contains("/") ? "not found or not executable: " + program
                    : program + " not found on PATH";
            throw new ProgramNotFoundException(where + ": "
                    + spec.installHint().orElse("install it, or give the full path to the program"));
        }
        List<String> argv = new java.util.ArrayList<>(spec.command());
        argv.set(0, executable.get().toString());
        return new LocalCommand(argv, environment, workingDirectory);
    }

    @Override
    public TreeEnd terminateTree(ProcessHandle localRoot, String tag, Duration grace) {
        return ProcessTree.terminate(localRoot, tag, grace);
    }

    @Override
    public List<Long> taggedProcesses(String tag) {
        return ProcessTree.tagged(tag).stream().map(ProcessHandle::pid).toList();
    }

    @Override
    public Optional<String> resolveExecutable(String program, Map<String, String> environment) {
        return ExecutableLocator.locate(program, environment.get("PATH"), null).map(Path::toString);
    }

    @Override
    public void copyFile(Path localFile, String destination) throws IOException {
        Path target = Path.of(destination);
        Path temporary = Files.createTempFile(target.toAbsolutePath().getParent(), ".memlens-copy", ".part");
        try {
            Files.copy(localFile, temporary, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public String toString() {
        return "LocalHost";
    }
}
