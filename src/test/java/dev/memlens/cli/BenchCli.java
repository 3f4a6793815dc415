package dev.memlens.cli;

import dev.memlens.core.settings.AppDirectories;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code memlens bench} in-process with a given environment, as the stand-in tests do. */
final class BenchCli {
    record Run(int exit, String out, String err) {
    }

    private BenchCli() {
    }

    static Run run(Map<String, String> env, Path home, Path runs, String model, String... extra) {
        BenchCommand command = new BenchCommand();
        command.run.environment = env;
        command.run.directories = AppDirectories.from(Map.of(), home);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>(List.of("--model", model, "--input-len", "512", "--output-len", "128",
                "--batch-size", "8", "--interval-ms", "20", "--runs-dir", runs.toString()));
        args.addAll(List.of(extra));
        int exit = cl.execute(args.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }
}
