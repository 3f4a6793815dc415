package dev.memlens.cli;

import dev.memlens.core.secrets.Redactor;
import java.io.PrintWriter;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How every command reports what goes wrong before or outside its own handling: a usage error is one line and a
 * hint to {@code --help} (exit 2, nothing run, nothing saved); an exception that escapes a command is one line,
 * never a stack trace (set MEMLENS_DEBUG=1 to see it).
 */
final class CommandErrors {
    /** The verbs that run a profiling session or a recording: an escaping error there is a failed run. */
    private static final Set<String> RUN_COMMANDS = Set.of("bench", "api", "hf", "docker", "sample");

    private CommandErrors() {
    }

    static CommandLine installOn(CommandLine commandLine) {
        return commandLine.setParameterExceptionHandler(CommandErrors::usageError)
                .setExecutionExceptionHandler(CommandErrors::unexpected);
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName(" ");
        err.println(name + ": " + Redactor.redact(describe(e, command)));
        err.println("Try '" + name + " --help' for the options.");
        err.flush();
        return ExitCodes.USAGE;
    }

    private static String describe(ParameterException e, CommandLine command) {
        if (e.getCause() instanceof TypeConversionException conversion && e.getArgSpec() != null) {
            String what = e.getArgSpec() instanceof OptionSpec option ? option.longestName()
                    : e.getArgSpec().paramLabel();
            return what + ": " + conversion.getMessage();
        }
        if (e instanceof UnmatchedArgumentException unmatched && command.getParent() == null
                && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
            return "unknown command '" + unmatched.getUnmatched().get(0) + "': the commands are "
                    + String.join(", ", command.getSubcommands().keySet());
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static int unexpected(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName(" ");
        String message = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
        err.println(Redactor.redact(name + ": unexpected error, " + e.getClass().getSimpleName() + message
                + " (a MemLens bug if the message does not say what to fix; MEMLENS_DEBUG=1 prints its stack trace)"));
        if (System.getenv("MEMLENS_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return RUN_COMMANDS.contains(command.getCommandName()) ? ExitCodes.FAILED : ExitCodes.USAGE;
    }
}
