package dev.memlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.secrets.Redactor;
import dev.memlens.core.settings.AppDirectories;
import dev.memlens.testsupport.StandInExecutables;
import dev.memlens.testsupport.StandInVllmServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `memlens api --api-key-env VAR` against the stand-in vLLM server that echoes the Authorization header in its error
 * bodies, with a stand-in nvidia-smi that records the environment it was started with: the key reaches neither the
 * report (library copy and --output), nor stdout/stderr, nor the child's environment.
 */
class ApiKeyStaysSecretWithStandInsTest {
    private static final String KEY = "sk-memlens-secret-9f8e7d6c";

    @TempDir
    Path dir;

    @Test
    void theKeyIsInNoReportNoOutputAndNoChildEnvironment() throws Exception {
        StandInExecutables bin = new StandInExecutables(dir);
        Path real = bin.install("/gpu/standins/nvidia-smi", "nvidia-smi-real");
        Path envDump = dir.resolve("nvidia-smi-env.txt");
        bin.write("nvidia-smi", "env >> '" + envDump + "'\nexec '" + real + "' \"$@\"\n");
        Map<String, String> env = new HashMap<>(bin.environment());
        env.put("STANDIN_STATE", dir.toString());
        env.put("MEMLENS_TEST_KEY", KEY);
        Path runs = dir.resolve("runs");
        Path output = dir.resolve("out/report.json");
        try (StandInVllmServer server = new StandInVllmServer().models("m")
                .failureMode(StandInVllmServer.FailureMode.ECHO_KEY_IN_ERROR).start()) {
            ApiCommand command = new ApiCommand();
            command.run.environment = env;
            command.run.directories = AppDirectories.from(Map.of(), dir.resolve("home"));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(
                    "--api-url", server.baseUrl(), "--model", "m", "--api-key-env", "MEMLENS_TEST_KEY",
                    "--max-tokens", "4", "--interval-ms", "20", "--runs-dir", runs.toString(), "-o", output.toString());
            assertEquals(ExitCodes.FAILED, exit, out + "\n" + err);
            assertTrue(server.authorizationHeaders().contains("Bearer " + KEY), "the key was not sent at all");
            String report = Files.readString(output);
            assertTrue(report.contains("upstream refused Bearer " + Redactor.MASK), report);
            assertFalse(report.contains(KEY), "the --output report holds the key");
            try (Stream<Path> saved = Files.walk(runs)) {
                for (Path file : saved.filter(Files::isRegularFile).toList()) {
                    assertFalse(Files.readString(file).contains(KEY), file + " holds the key");
                }
            }
            assertFalse(out.toString().contains(KEY), out.toString());
            assertFalse(err.toString().contains(KEY), err.toString());
        }
        String childEnvironment = Files.readString(envDump);
        assertTrue(childEnvironment.contains("STANDIN_STATE="), childEnvironment);
        assertFalse(childEnvironment.contains("MEMLENS_TEST_KEY"), "nvidia-smi inherited the key's variable");
        assertFalse(childEnvironment.contains(KEY), "nvidia-smi inherited the key");
    }
}
