package dev.memlens.core.hf;

import dev.memlens.core.process.ManagedProcess;
import dev.memlens.core.process.Host;
import dev.memlens.core.process.ProcessSpec;
import dev.memlens.core.process.StreamKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs the transformers profiler script shipped in the jar ({@value #SCRIPT_RESOURCE}) with a configurable
 * Python interpreter: extracts the script to a file, builds the argument list, and turns its stdout into events.
 */
public final class HfProfilerDriver {
    public static final String SCRIPT_RESOURCE = "/dev/memlens/python/memlens_hf_profile.py";
    public static final String DEFAULT_INTERPRETER = "python3";
    static final String INSTALL_HINT = "install Python 3 with torch and transformers (pip install torch transformers),"
            + " or set the Python interpreter to one that has them (e.g. /path/to/venv/bin/python)";

    private final String interpreter;

    /** @param interpreter "python3", "python" or a path to a venv's python */
    public HfProfilerDriver(String interpreter) {
        this.interpreter = Objects.requireNonNull(interpreter);
    }

    public HfProfilerDriver() {
        this(DEFAULT_INTERPRETER);
    }

    public String interpreter() {
        return interpreter;
    }

    /** Copies the bundled script into the directory (as memlens_hf_profile.py) and returns its path. */
    public static Path extractScript(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path target = directory.resolve("memlens_hf_profile.py");
        try (InputStream in = HfProfilerDriver.class.getResourceAsStream(SCRIPT_RESOURCE)) {
            if (in == null) {
                throw new IOException("the profiler script " + SCRIPT_RESOURCE + " is missing from MemLens' jar — rebuild MemLens");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /** Copies the bundled script into a new temp directory (deleted when the JVM exits) and returns its path. */
    public static Path extractScriptToTemp() throws IOException {
        Path directory = Files.createTempDirectory("memlens-hf-");
        Path script = extractScript(directory);
        script.toFile().deleteOnExit();
        directory.toFile().deleteOnExit();
        return script;
    }

    /** The argument list: interpreter, -u (unbuffered, so events arrive as they happen), script, options. */
    public List<String> command(Path script, HfProfileRequest request) {
        List<String> command = new ArrayList<>(List.of(interpreter, "-u", script.toString(), request.model(),
                "--dtype", request.dtype(), "--batch-size", Integer.toString(request.batchSize()),
                "--max-new-tokens", Integer.toString(request.maxNewTokens()), "--device", request.device()));
        if (request.randomWeights()) {
            command.add("--random-weights");
        }
        request.inputLength().ifPresent(length -> command.addAll(List.of("--input-len", Integer.toString(length))));
        request.prompt().ifPresent(prompt -> command.addAll(List.of("--prompt", prompt)));
        if (request.trustRemoteCode()) {
            command.add("--trust-remote-code");
        }
        return command;
    }

    /** A process spec for the run; add a timeout, environment or working directory as needed. */
    public ProcessSpec processSpec(Path script, HfProfileRequest request) {
        return ProcessSpec.of(command(script, request)).withInstallHint(INSTALL_HINT)
                .withEnvironment(java.util.Map.of("PYTHONUNBUFFERED", "1"));
    }

    /**
     * Starts the run: stdout lines that are events go to {@code onEvent}, every other line to
     * {@code onOutputLine}. Cancel and await through the returned process.
     */
    public static ManagedProcess start(Host runner, ProcessSpec spec, HfEventListener listener) {
        HfEventParser parser = new HfEventParser();
        return runner.start(spec, (stream, line) -> {
            if (stream == StreamKind.STDOUT) {
                var event = parser.parse(line);
                if (event.isPresent()) {
                    listener.onEvent(event.get());
                    return;
                }
            }
            listener.onOutputLine(stream, line);
        });
    }
}
