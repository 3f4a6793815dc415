package dev.memlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.memlens.core.settings.AppDirectories;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --source prometheus} / {@code --prometheus URL} and {@code --metrics-interval-ms}: what cannot work is a
 * one-line usage error with exit 2 before anything is sampled, started or saved.
 */
class PrometheusSourceUsageTest {
    @TempDir
    Path dir;

    private record Result(int exit, String err) {
    }

    private static Result execute(Callable<Integer> command, String... args) {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(command).setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(err)).execute(args);
        return new Result(exit, err.toString().strip());
    }

    private ApiCommand api() {
        ApiCommand command = new ApiCommand();
        command.run.environment = Map.of();
        command.run.directories = AppDirectories.from(Map.of(), dir.resolve("home"));
        return command;
    }

    @Test
    void sourcePrometheusWithoutTheServerIsBadUsage() {
        Result sample = execute(new SampleCommand(Map.of()), "--source", "prometheus", "--duration", "1");
        assertEquals(ExitCodes.USAGE, sample.exit());
        assertEquals("memlens sample: --source prometheus needs the server: give --prometheus URL (e.g."
                + " http://127.0.0.1:9090)", sample.err());
        Result api = execute(api(), "--source", "prometheus", "--runs-dir", dir.resolve("runs").toString());
        assertEquals(ExitCodes.USAGE, api.exit());
        assertEquals("memlens api: --source prometheus needs the server: give --prometheus URL (e.g."
                + " http://127.0.0.1:9090)\nTry 'memlens api --help' for the options.", api.err());
    }

    @Test
    void prometheusWithALocalSourceOrABadUrlOrAMatchAloneIsBadUsage() {
        Result both = execute(new SampleCommand(Map.of()), "--prometheus", "http://127.0.0.1:9", "--source",
                "nvidia-smi", "--duration", "1");
        assertEquals(ExitCodes.USAGE, both.exit());
        assertEquals("memlens sample: --prometheus reads GPU memory from Prometheus, --source nvidia-smi from this"
                + " machine: give one of them", both.err());
        Result badUrl = execute(new SampleCommand(Map.of()), "--prometheus", "127.0.0.1:9090", "--duration", "1");
        assertEquals(ExitCodes.USAGE, badUrl.exit());
        assertEquals("memlens sample: --prometheus 127.0.0.1:9090 is not a URL: give e.g."
                + " http://127.0.0.1:9090", badUrl.err());
        Result match = execute(new SampleCommand(Map.of()), "--match", "{job=\"dcgm\"}", "--duration", "1");
        assertEquals(ExitCodes.USAGE, match.exit());
        assertEquals("memlens sample: --match narrows Prometheus series: give it with --prometheus URL",
                match.err());
    }

    @Test
    void metricsReadLessOftenThanEverySecondAreRefused() {
        Result slow = execute(api(), "--metrics-interval-ms", "1001", "--runs-dir", dir.resolve("runs").toString());
        assertEquals(ExitCodes.USAGE, slow.exit());
        assertEquals("memlens api: --metrics-interval-ms must be from 1 to 1000 (vLLM's metrics are recorded at"
                + " least every second), got 1001\nTry 'memlens api --help' for the options.", slow.err());
        Result zero = execute(api(), "--metrics-interval-ms", "0", "--runs-dir", dir.resolve("runs").toString());
        assertEquals(ExitCodes.USAGE, zero.exit());
    }
}
