package dev.memlens.core.process;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.memlens.testsupport.StandInExecutables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stand-in child records the environment it was started with: a withheld variable (a spec's own, or a secret's
 * from {@link SecretVariables}) reaches it neither inherited from this JVM nor passed as an override, on this machine
 * and inside a container; everything else still does.
 */
class WithheldVariablesWithStandInChildTest {
    private static final String SECRET_VARIABLE = "MEMLENS_TEST_WITHHELD_KEY";
    private static final String SECRET = "sk-withheld-4c3b2a19";

    @TempDir
    Path temp;
    private StandInExecutables bin;
    private Path record;

    @BeforeEach
    void installRecorder() {
        bin = new StandInExecutables(temp);
        bin.install("/process/record-env.sh", "record-env");
        bin.install("/process/stand-in-docker-here.sh", "docker");
        record = temp.resolve("child-env.txt");
    }

    private List<String> childEnvironment(Host host, ProcessSpec spec) throws Exception {
        ProcessResult result = host.run(spec, OutputListener.NONE);
        assertTrue(result.succeeded(), result.message());
        return Files.readAllLines(record);
    }

    private Map<String, String> overrides() {
        Map<String, String> environment = new HashMap<>(bin.environment());
        environment.put(SECRET_VARIABLE, SECRET);
        environment.put("MEMLENS_TEST_KEPT", "kept");
        environment.put("DOCKER_CALL_LOG", temp.resolve("calls.log").toString());
        environment.put("DOCKER_ROOT", temp.toString());
        return environment;
    }

    @Test
    void aSpecsWithheldVariableReachesTheChildNeitherInheritedNorPassed() throws Exception {
        Optional<String> inherited = System.getenv().keySet().stream().filter(name -> !name.equals("PATH")).findFirst();
        assumeTrue(inherited.isPresent(), "this JVM has no variable to inherit besides PATH");
        ProcessSpec spec = ProcessSpec.of("record-env", record.toString()).withEnvironment(overrides())
                .withVariablesWithheld(List.of(SECRET_VARIABLE, inherited.get()));
        List<String> lines = childEnvironment(Host.local(), spec);
        assertTrue(lines.contains("MEMLENS_TEST_KEPT=kept"), lines.toString());
        assertFalse(lines.stream().anyMatch(line -> line.startsWith(SECRET_VARIABLE + "=")), lines.toString());
        assertFalse(lines.stream().anyMatch(line -> line.contains(SECRET)), lines.toString());
        assertFalse(lines.stream().anyMatch(line -> line.startsWith(inherited.get() + "=")),
                inherited.get() + " was inherited: " + lines);
    }

    @Test
    void aSecretsVariableIsWithheldFromEveryChildOnEveryHost() throws Exception {
        ProcessSpec spec = ProcessSpec.of("record-env", record.toString()).withEnvironment(overrides());
        List<String> before = childEnvironment(Host.local(), spec);
        assertTrue(before.contains(SECRET_VARIABLE + "=" + SECRET), "the stand-in records what it gets: " + before);

        SecretVariables.withhold(SECRET_VARIABLE);
        List<String> local = childEnvironment(Host.local(), spec);
        assertTrue(local.contains("MEMLENS_TEST_KEPT=kept"), local.toString());
        assertFalse(local.stream().anyMatch(line -> line.contains(SECRET)), "a local child got the key: " + local);

        ContainerHost container = new ContainerHost(Host.local(), "docker", overrides(), "vllm-qwen");
        List<String> inside = childEnvironment(container, spec);
        assertTrue(inside.contains("MEMLENS_TEST_KEPT=kept"), inside.toString());
        assertFalse(inside.stream().anyMatch(line -> line.contains(SECRET)), "the container's child got it: " + inside);
        assertFalse(Files.readString(temp.resolve("calls.log")).contains(SECRET), "docker exec -e passed the key");
    }
}
