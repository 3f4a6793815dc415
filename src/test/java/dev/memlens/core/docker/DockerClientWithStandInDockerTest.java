package dev.memlens.core.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.memlens.core.process.ProcessResult;
import dev.memlens.core.process.Host;
import dev.memlens.testsupport.StandInExecutables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerClientWithStandInDockerTest {
    @TempDir
    Path temp;
    private Path replay;
    private Path callLog;
    private Map<String, String> environment;
    private DockerClient docker;

    @BeforeEach
    void setUp() throws Exception {
        StandInExecutables bin = new StandInExecutables(temp);
        bin.install("/docker/stand-in-docker.sh", "docker");
        replay = Files.createDirectory(temp.resolve("replay"));
        try (Stream<Path> files = Files.list(Path.of(getClass().getResource("/docker/replay").toURI()))) {
            for (Path file : files.toList()) {
                Files.copy(file, replay.resolve(file.getFileName().toString()));
            }
        }
        callLog = temp.resolve("calls.log");
        environment = new HashMap<>(bin.environment());
        environment.put("DOCKER_REPLAY_DIR", replay.toString());
        environment.put("DOCKER_CALL_LOG", callLog.toString());
        docker = new DockerClient("docker", Host.local(), environment, Duration.ofSeconds(30));
    }

    private List<String> calls() throws Exception {
        return Files.readAllLines(callLog);
    }

    @Test
    void listsRunningContainersFromDockerPsJson() throws Exception {
        List<ContainerInfo> containers = docker.listRunning();
        assertEquals(List.of("vllm-qwen", "vllm-hostnet", "hf-worker"), containers.stream().map(ContainerInfo::name).toList());
        ContainerInfo qwen = containers.get(0);
        assertEquals("vllm/vllm-openai:v0.11.0", qwen.image());
        assertEquals("0.0.0.0:18000->8000/tcp, [::]:18000->8000/tcp", qwen.ports());
        assertEquals("host", containers.get(1).networks());
        assertEquals(List.of("ps --no-trunc --format {{json .}}"), calls());

        assertEquals("hf-worker", docker.requireRunning("5c4d3e2f").name());
        DockerException missing = assertThrows(DockerException.class, () -> docker.requireRunning("nope"));
        assertEquals("Container 'nope' is not running. Running containers: vllm-qwen, vllm-hostnet, hf-worker"
                + " — start it, or pass one of these names", missing.getMessage());
    }

    @Test
    void aPublishedPortMapsToTheHostPortPreferringIpv4() throws Exception {
        assertEquals(List.of(new PortMapping(8000, "tcp", "0.0.0.0", 18000), new PortMapping(8000, "tcp", "::", 18000)),
                docker.ports("vllm-qwen"));
        ApiEndpoint endpoint = docker.resolveApiEndpoint("vllm-qwen", 8000);
        assertEquals(new ApiEndpoint("http://127.0.0.1:18000", true,
                "container port 8000/tcp is published on 0.0.0.0:18000"), endpoint);
    }

    @Test
    void anIpv6OnlyMappingUsesTheIpv6Loopback() throws Exception {
        ApiEndpoint endpoint = docker.resolveApiEndpoint("v6only", 8000);
        assertEquals("http://[::1]:18001", endpoint.url(), "the udp 8000 and the 9090 mappings are not the API");
        assertTrue(endpoint.fromHost());
        assertEquals("http://127.0.0.1:9091", docker.resolveApiEndpoint("v6only", 9090).url());
    }

    @Test
    void noMappingFallsBackToTheContainersOwnLocalhostNeverAnEmptyPort() throws Exception {
        ApiEndpoint hostNetwork = docker.resolveApiEndpoint("vllm-hostnet", 8000);
        assertEquals("http://localhost:8000", hostNetwork.url());
        assertFalse(hostNetwork.fromHost());
        ApiEndpoint otherPortOnly = docker.resolveApiEndpoint("hf-worker", 8000);
        assertEquals("http://localhost:8000", otherPortOnly.url());
        assertFalse(otherPortOnly.url().endsWith(":"));
    }

    @Test
    void detectsVllmAndTransformersInsideIncludingImagesWithoutPs() throws Exception {
        DetectedFramework vllm = docker.detectFramework("vllm-qwen");
        assertEquals(DetectedFramework.Kind.VLLM, vllm.kind());
        assertEquals("/usr/bin/python3 /usr/local/bin/vllm serve Qwen/Qwen2.5-0.5B-Instruct --gpu-memory-utilization 0.5",
                vllm.evidence());

        DetectedFramework transformers = docker.detectFramework("hf-worker");
        assertEquals(DetectedFramework.Kind.TRANSFORMERS, transformers.kind());
        assertEquals("python3 /app/serve.py --model /model", transformers.evidence());
        assertEquals("exec hf-worker ps -eo args", calls().get(1));
        assertTrue(calls().get(2).startsWith("exec hf-worker sh -c for f in /proc/[0-9]*/cmdline"), calls().get(2));

        assertEquals(DetectedFramework.Kind.UNKNOWN, docker.detectFramework("web").kind());
    }

    @Test
    void copiesFilesInAndOut() throws Exception {
        Path script = Files.writeString(temp.resolve("profile.py"), "print('hi')\n");
        docker.copyIn(script, "hf-worker", "/tmp/memlens/profile.py");
        assertEquals("print('hi')\n", Files.readString(replay.resolve("fs-hf-worker/tmp/memlens/profile.py")));

        Files.createDirectories(replay.resolve("fs-hf-worker/tmp"));
        Files.writeString(replay.resolve("fs-hf-worker/tmp/out.jsonl"), "{\"event\":\"done\"}\n");
        Path back = temp.resolve("back/out.jsonl");
        Files.createDirectories(back.getParent());
        docker.copyOut("hf-worker", "/tmp/out.jsonl", back);
        assertEquals("{\"event\":\"done\"}\n", Files.readString(back));

        DockerException missing = assertThrows(DockerException.class,
                () -> docker.copyOut("hf-worker", "/tmp/none.json", temp.resolve("x.json")));
        assertTrue(missing.getMessage().startsWith("Could not copy /tmp/none.json out of 'hf-worker'"), missing.getMessage());
        assertTrue(missing.getMessage().contains("Could not find the file hf-worker:/tmp/none.json"));
    }

    @Test
    void execPassesArgumentsUnchanged() throws Exception {
        String model = "$(reboot); echo 'x' \"y\" | z";
        CommandOutput output = docker.exec("hf-worker", List.of("python3", "/tmp/p.py", "--model", model));
        assertEquals(List.of("ARG[python3]", "ARG[/tmp/p.py]", "ARG[--model]", "ARG[" + model + "]"), output.stdout());

        List<String> lines = new CopyOnWriteArrayList<>();
        ProcessResult result = Host.local().run(docker.execSpec("hf-worker", List.of("python3", "-u", model)),
                (stream, line) -> lines.add(line));
        assertTrue(result.succeeded());
        assertEquals(List.of("ARG[python3]", "ARG[-u]", "ARG[" + model + "]"), lines);
    }

    @Test
    void failuresSayWhatToDo() throws Exception {
        DockerException noContainer = assertThrows(DockerException.class, () -> docker.ports("ghost"));
        assertEquals("Could not list the ports of 'ghost': docker port exited with code 1: Error: No such container: ghost"
                + " — check the name with `docker ps`", noContainer.getMessage());

        environment.put("DOCKER_STAND_IN_DENIED", "1");
        DockerClient denied = new DockerClient("docker", Host.local(), environment, Duration.ofSeconds(30));
        DockerException permission = assertThrows(DockerException.class, denied::listRunning);
        assertTrue(permission.getMessage().endsWith("add your user to the docker group (sudo usermod -aG docker $USER)"
                + " and log in again"), permission.getMessage());

        DockerClient absent = new DockerClient("docker-not-installed", Host.local(), environment, Duration.ofSeconds(30));
        DockerException notFound = assertThrows(DockerException.class, absent::listRunning);
        assertEquals("Could not list the running containers: docker-not-installed not found on PATH: "
                + DockerClient.INSTALL_HINT, notFound.getMessage());
    }
}
