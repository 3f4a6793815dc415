package dev.memlens.core.gpu.tool;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a tool once with an argument list and a time limit; a tool that overruns is killed with its children. */
public final class ToolRunner {
    private static final Duration STOP_GRACE = Duration.ofMillis(300);

    private ToolRunner() {
    }

    public static ToolResult run(List<String> command, Map<String, String> environment, Duration timeout)
            throws IOException {
        Process process = start(command, environment);
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> readAll(process, lines), "memlens-tool-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ChildProcesses.terminate(process, STOP_GRACE);
            throw new IOException("interrupted while running " + command.get(0), e);
        }
        if (!finished) {
            ChildProcesses.terminate(process, STOP_GRACE);
        }
        try {
            reader.join(finished ? 2000 : 500); // a grandchild may hold the pipe open: never wait for it long
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lines) {
            return new ToolResult(lines, finished ? process.exitValue() : -1, !finished);
        }
    }

    /** Starts a tool with stderr merged into stdout and the given environment replacing the inherited one. */
    public static Process start(List<String> command, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static void readAll(Process process, List<String> lines) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                }
            }
        } catch (IOException ignored) {
            // the process was killed: what was read so far is kept
        }
    }
}
