package dev.memlens.cli;

/**
 * The one exit-code contract of every command, and the lines of the table that {@code --help} and the README show.
 * The meaning of 1 depends on the command: compare outside tolerance, a failed profiling run, a log that records a
 * failure.
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int TIMEOUT = 124;
    public static final int SIGINT = 130;
    public static final int SIGTERM = 143;

    static final String HEADING = "%nExit codes:%n";
    static final String LINE_OK = "0:success (compare: the total is within the tolerance)";
    static final String LINE_FAILED = "1:compare: outside the tolerance; a profiling run that failed; parse-log: the"
            + " log records a failure";
    static final String LINE_USAGE = "2:bad usage or unreadable input (nothing is saved)";
    static final String LINE_TIMEOUT = "124:--timeout ended the run (the report is saved as cancelled)";
    static final String LINE_SIGINT = "130:interrupted by SIGINT (Ctrl-C); a run's report is saved as cancelled";
    static final String LINE_SIGTERM = "143:terminated by SIGTERM; a run's report is saved as cancelled";

    private ExitCodes() {
    }
}
