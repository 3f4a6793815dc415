package dev.memlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.run.SessionOutcome;
import dev.memlens.core.sample.SampleReports;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exit-code table of {@link ExitCodes} for every command, through the real command line: usage errors are one
 * line plus a hint (exit 2, nothing run or saved), number flags are checked in the project's words, unreadable input
 * is exit 2 (a FIFO never blocks), and --help shows the table. Signals are covered by the real-JVM tests
 * ({@link SignalCancelsBenchWithStandInVllmTest}).
 */
class ExitCodeContractTest {
    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static Result memlens(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = MemLensCommand.newCommandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    static Stream<Arguments> everyCommand() {
        return Stream.of("compare", "estimate", "fit", "parse-log", "trace", "sample", "bench", "api", "hf", "docker")
                .map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("everyCommand")
    void anUnknownOptionIsOneLineAndAHintWithExit2(String command) {
        Result r = memlens(command, "--no-such-flag");
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertEquals(2, r.errLines().size(), r.err());
        assertTrue(r.errLines().get(0).startsWith("memlens " + command + ": "), r.err()); // or a missing parameter
        assertEquals("Try 'memlens " + command + " --help' for the options.", r.errLines().get(1));
        assertFalse(r.err().contains("Usage:"), r.err());
    }

    @Test
    void theUnknownOptionIsNamed() {
        Result r = memlens("compare", "r.json", "--no-such-flag");
        assertEquals("memlens compare: Unknown option: '--no-such-flag'", r.errLines().get(0));
    }

    @ParameterizedTest
    @MethodSource("everyCommand")
    void helpShowsTheExitCodes(String command) {
        Result r = memlens(command, "--help");
        assertEquals(ExitCodes.OK, r.exit());
        assertTrue(r.out().contains("Exit codes:"), r.out());
        assertTrue(r.out().contains("130") && r.out().contains("143"), r.out());
        assertTrue(r.out().contains("  2 "), r.out());
    }

    @Test
    void theRootHelpHasTheWholeTable() {
        String out = memlens("--help").out();
        for (String code : List.of("0", "1", "2", "124", "130", "143")) {
            assertTrue(out.lines().anyMatch(l -> l.strip().startsWith(code + " ")), code + " missing in\n" + out);
        }
    }

    @Test
    void anUnknownCommandNamesTheCommands() {
        Result r = memlens("comprae", "report.json");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.errLines().get(0).startsWith("memlens: unknown command 'comprae': the commands are help, compare, estimate, fit,"),
                r.err());
    }

    @Test
    void notANumberIsSaidInTheProjectsWords() {
        Result r = memlens("compare", "r.json", "--tolerance", "abc");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertEquals("memlens compare: --tolerance: 'abc' is not a number: give a decimal such as 10 or 2.5",
                r.errLines().get(0));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"NaN", "Infinity", "-Infinity", "1e400", "0x10"})
    void nonFiniteDecimalsAreUsageErrors(String value) {
        Result r = memlens("compare", "r.json", "--tolerance", value);
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertTrue(r.errLines().get(0).startsWith("memlens compare: --tolerance: '" + value + "' is "), r.err());
        assertEquals(2, r.errLines().size(), r.err());
    }

    @Test
    void aNegativeToleranceIsRefused() throws Exception {
        Path report = dir.resolve("r.json");
        Files.writeString(report, "{}");
        Result r = memlens("compare", report.toString(), "--tolerance", "-5", "--calc-total", "10");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains("--tolerance must be a percentage from 0"), r.err());
    }

    @Test
    void wholeNumbersOutOfRangeAreUsageErrors() {
        Result r = memlens("estimate", "--config", "x.json", "--batch-size", "99999999999", "--input-len", "1",
                "--output-len", "1");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertEquals("memlens estimate: --batch-size: '99999999999' is out of range: give a whole number from"
                + " -2147483648 to 2147483647", r.errLines().get(0));
    }

    @Test
    void aBadApiUrlSavesNothing() throws Exception {
        Path runs = dir.resolve("runs");
        Result r = memlens("api", "--api-url", "ftp://example.org", "--runs-dir", runs.toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertTrue(r.errLines().get(0).startsWith("memlens api: API URL 'ftp://example.org' must start with http://"),
                r.err());
        assertFalse(Files.exists(runs) && Files.list(runs).findAny().isPresent(), "a report was saved");
    }

    @Test
    void badRunFlagsAreUsageErrorsBeforeAnythingRuns() throws Exception {
        Path runs = dir.resolve("runs");
        Path aFile = Files.writeString(dir.resolve("a-file"), "");
        for (String[] flags : List.of(new String[] {"--timeout", "0"}, new String[] {"--timeout", "-3"},
                new String[] {"--interval-ms", "0"}, new String[] {"--calc-total", "-1"},
                new String[] {"-o", dir.toString()}, new String[] {"-o", aFile.resolve("report.json").toString()})) {
            String[] args = Stream.concat(Stream.of("bench", "--model", "m", "--input-len", "8", "--output-len", "8",
                    "--vllm", "/nonexistent/vllm", "--runs-dir", runs.toString()), Stream.of(flags))
                    .toArray(String[]::new);
            Result r = memlens(args);
            assertEquals(ExitCodes.USAGE, r.exit(), String.join(" ", flags) + ": " + r.err());
            assertTrue(r.errLines().get(0).startsWith("memlens bench: " + flags[0].replace("-o", "-o/--output")),
                    r.err());
            assertEquals("Try 'memlens bench --help' for the options.", r.errLines().get(1));
        }
        assertFalse(Files.exists(runs) && Files.list(runs).findAny().isPresent(), "a report was saved");
    }

    @Test
    void aReportThatCouldNotBeWrittenIsNotSuccess() {
        ProfileReport report = SampleReports.bundledH200Run();
        RunOptions options = new RunOptions();
        assertEquals(ExitCodes.OK, RunCommandSupport.exitCode(new SessionOutcome(report, dir, null), options, 0));
        assertEquals(ExitCodes.FAILED, RunCommandSupport.exitCode(new SessionOutcome(report, dir,
                "The report could not be written to /full/disk.json: No space left on device"), options, 0));
    }

    @Test
    void aCancelledRunExitsWithItsCause() {
        ProfileReport cancelled = SampleReports.bundledH200Run().withStatus(
                dev.memlens.core.report.RunStatus.CANCELLED, "cancelled");
        RunOptions options = new RunOptions();
        assertEquals(ExitCodes.SIGTERM, RunCommandSupport.exitCode(new SessionOutcome(cancelled, dir, null), options,
                ExitCodes.SIGTERM));
        assertEquals(ExitCodes.SIGINT, RunCommandSupport.exitCode(new SessionOutcome(cancelled, dir, null), options, 0));
        options.timeoutSeconds = 5.0;
        assertEquals(ExitCodes.TIMEOUT, RunCommandSupport.exitCode(new SessionOutcome(cancelled, dir, null), options, 0));
    }

    @Test
    @Timeout(60) // a guard only: before the fix the read blocked forever
    void aFifoIsRefusedAtOnceByEveryReader() throws Exception {
        Path fifo = dir.resolve("pipe.json");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        for (String[] args : List.of(new String[] {"compare", fifo.toString(), "--calc-total", "10"},
                new String[] {"trace", fifo.toString()}, new String[] {"parse-log", fifo.toString()})) {
            Result r = memlens(args);
            assertEquals(ExitCodes.USAGE, r.exit(), args[0] + ": " + r.err());
            assertTrue(r.err().contains("is not a regular file (a FIFO, socket or device)"), r.err());
            assertEquals(1, r.errLines().size(), r.err());
        }
    }

    @Test
    void aDirectoryIsNotAReport() {
        Result r = memlens("compare", dir.toString(), "--calc-total", "10");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains("is a directory, not a report file"), r.err());
    }
}
