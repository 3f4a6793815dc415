package dev.memlens.cli;

import dev.memlens.core.secrets.RedactingWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
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
        },
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.LINE_OK, ExitCodes.LINE_FAILED, ExitCodes.LINE_USAGE, ExitCodes.LINE_TIMEOUT,
                ExitCodes.LINE_SIGINT, ExitCodes.LINE_SIGTERM})
public final class MemLensCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the CLI on this process's stdout and stderr, both redacted, and returns the exit code ({@link ExitCodes}). */
    public static int run(String... args) {
        PrintWriter out = new PrintWriter(new RedactingWriter(new OutputStreamWriter(System.out, Charset.defaultCharset())), true);
        PrintWriter err = new PrintWriter(new RedactingWriter(new OutputStreamWriter(System.err, Charset.defaultCharset())), true);
        try {
            return newCommandLine().setOut(out).setErr(err).execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The command line with the project's number converters and error handling (see {@link CommandErrors}). */
    public static CommandLine newCommandLine() {
        return CommandErrors.installOn(NumberConverters.registerOn(new CommandLine(new MemLensCommand())));
    }
}
