package dev.memlens.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Root of the command-line tool; each verb is its own class. */
@Command(name = "memlens",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Measures the GPU memory of LLM inference and compares it with calculator predictions.%n"
                + "Run without a command to open the desktop app.",
        subcommands = {
                CommandLine.HelpCommand.class,
                CompareCommand.class,
                EstimateCommand.class,
                FitCommand.class,
                ParseLogCommand.class,
                TraceCommand.class,
                SampleCommand.class,
                BenchCommand.class,
                ApiCommand.class,
                HfCommand.class,
                DockerCommand.class,
        })
public final class MemLensCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the CLI and returns the exit code (2 for bad usage, as picocli does). */
    public static int run(String... args) {
        return newCommandLine().execute(args);
    }

    public static CommandLine newCommandLine() {
        return new CommandLine(new MemLensCommand());
    }
}
