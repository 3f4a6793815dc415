package dev.memlens.core.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memlens.core.process.ProcessResult;
import dev.memlens.core.process.ContainerHost;
import dev.memlens.core.process.Host;
import dev.memlens.core.process.ProcessSpec;
import dev.memlens.core.process.StreamKind;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The docker CLI, driven with argument lists: list running containers, map a container's API port, detect
 * what serves the model inside, copy files in and out, and run commands with docker exec.
 */
public final class DockerClient {
    static final String INSTALL_HINT = "install Docker (https://docs.docker.com/engine/install/) or set the docker command"
            + " to its full path";
    /** "8000/tcp -> 0.0.0.0:18000", "8000/tcp -> [::]:18000" */
    private static final Pattern PORT_LINE = Pattern.compile("^(\\d+)/(\\w+)\\s*->\\s*\\[?([^\\]]*?)\\]?:(\\d+)$");
    /** Lists every process's command line in images without ps (procps is often missing in slim images). */
    private static final String PROC_SCAN = "for f in /proc/[0-9]*/cmdline; do tr '\\000' ' ' < \"$f\"; echo; done";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String dockerCommand;
    private final Host runner;
    private final Map<String, String> environment;
    private final Duration commandTimeout;

    /**
     * @param dockerCommand  "docker" or a full path (podman's docker-compatible CLI works too)
     * @param environment    environment overrides for docker (PATH, DOCKER_HOST...)
     * @param commandTimeout limit for the short commands (ps, port, cp, detection)
     */
    public DockerClient(String dockerCommand, Host runner, Map<String, String> environment, Duration commandTimeout) {
        this.dockerCommand = dockerCommand;
        this.runner = runner;
        this.environment = Map.copyOf(environment);
        this.commandTimeout = commandTimeout;
    }

    public DockerClient() {
        this("docker", Host.local(), Map.of(), Duration.ofSeconds(60));
    }

    /** The running containers, in docker's order. */
    public List<ContainerInfo> listRunning() throws DockerException {
        CommandOutput output = run(List.of("ps", "--no-trunc", "--format", "{{json .}}"), "list the running containers");
        List<ContainerInfo> containers = new ArrayList<>();
        for (String line : output.stdout()) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                containers.add(new ContainerInfo(node.path("ID").asText(), node.path("Names").asText(),
                        node.path("Image").asText(), node.path("Status").asText(), node.path("State").asText("running"),
                        node.path("Ports").asText(), node.path("Command").asText(), node.path("Networks").asText()));
            } catch (IOException e) {
                throw new DockerException("docker ps printed a line that is not JSON: " + line
                        + " — is the docker command a docker-compatible CLI?");
            }
        }
        return containers;
    }

    /**
     * The running container with this name or ID (prefix). Throws when none runs, listing those that do
     * (the original wrapper's message).
     */
    public ContainerInfo requireRunning(String nameOrId) throws DockerException {
        List<ContainerInfo> running = listRunning();
        for (ContainerInfo container : running) {
            if (container.name().equals(nameOrId) || (nameOrId.length() >= 4 && container.id().startsWith(nameOrId))) {
                return container;
            }
        }
        String names = running.isEmpty() ? "none" : String.join(", ", running.stream().map(ContainerInfo::name).toList());
        throw new DockerException("Container '" + nameOrId + "' is not running. Running containers: " + names
                + " — start it, or pass one of these names");
    }

    /** The published ports of a container (IPv4 and IPv6 lines); empty when nothing is published. */
    public List<PortMapping> ports(String container) throws DockerException {
        CommandOutput output = run(List.of("port", container), "list the ports of '" + container + "'");
        return parsePorts(output.stdout());
    }

    static List<PortMapping> parsePorts(List<String> lines) {
        List<PortMapping> mappings = new ArrayList<>();
        for (String line : lines) {
            Matcher matcher = PORT_LINE.matcher(line.strip());
            if (matcher.matches()) {
                mappings.add(new PortMapping(Integer.parseInt(matcher.group(1)), matcher.group(2).toLowerCase(Locale.ROOT),
                        matcher.group(3), Integer.parseInt(matcher.group(4))));
            }
        }
        return mappings;
    }

    /**
     * Where the container's API on {@code containerPort} (vLLM: 8000) is reachable. A published TCP port gives
     * http://HOST:PORT on this host (IPv4 preferred over IPv6). With no mapping (host networking, or the
     * port simply not published) it is the container's own http://localhost:containerPort, reachable through
     * docker exec — never a URL with an empty port.
     */
    public ApiEndpoint resolveApiEndpoint(String container, int containerPort) throws DockerException {
        List<PortMapping> mappings = ports(container).stream()
                .filter(m -> m.containerPort() == containerPort && m.protocol().equals("tcp")).toList();
        Optional<PortMapping> chosen = mappings.stream().filter(m -> !m.isIpv6()).findFirst()
                .or(() -> mappings.stream().findFirst());
        if (chosen.isPresent()) {
            PortMapping mapping = chosen.get();
            return new ApiEndpoint("http://" + mapping.connectHost() + ":" + mapping.hostPort(), true,
                    "container port " + containerPort + "/tcp is published on " + mapping.hostAddress() + ":" + mapping.hostPort());
        }
        return new ApiEndpoint("http://localhost:" + containerPort, false, "container port " + containerPort
                + "/tcp is not published (host networking or no -p); the API is used from inside the container");
    }

    /** vLLM, transformers or unknown, from the command lines of the processes inside the container. */
    public DetectedFramework detectFramework(String container) throws DockerException {
        CommandOutput processes = exec(container, List.of("ps", "-eo", "args"));
        List<String> lines = processes.exitCode() == 0 ? processes.stdout()
                : exec(container, List.of("sh", "-c", PROC_SCAN)).stdout();
        return classify(lines);
    }

    static DetectedFramework classify(List<String> commandLines) {
        for (String line : commandLines) {
            if (line.toLowerCase(Locale.ROOT).contains("vllm")) {
                return new DetectedFramework(DetectedFramework.Kind.VLLM, line.strip());
            }
        }
        for (String line : commandLines) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.contains("transformers") || lower.contains("text-generation") || lower.contains("accelerate")) {
                return new DetectedFramework(DetectedFramework.Kind.TRANSFORMERS, line.strip());
            }
        }
        for (String line : commandLines) {
            if (line.strip().matches("(\\S*/)?python[0-9.]*( .*)?")) {
                return new DetectedFramework(DetectedFramework.Kind.TRANSFORMERS, line.strip());
            }
        }
        return new DetectedFramework(DetectedFramework.Kind.UNKNOWN, "");
    }

    /** docker cp HOST_FILE CONTAINER:PATH */
    public void copyIn(Path hostFile, String container, String containerPath) throws DockerException {
        run(List.of("cp", hostFile.toString(), container + ":" + containerPath),
                "copy " + hostFile + " into '" + container + "' at " + containerPath);
    }

    /** docker cp CONTAINER:PATH HOST_FILE */
    public void copyOut(String container, String containerPath, Path hostFile) throws DockerException {
        run(List.of("cp", container + ":" + containerPath, hostFile.toString()),
                "copy " + containerPath + " out of '" + container + "' to " + hostFile);
    }

    /** Runs a short command inside the container and returns its output, whatever its exit code. */
    public CommandOutput exec(String container, List<String> argv) throws DockerException {
        List<String> arguments = new ArrayList<>(List.of("exec", container));
        arguments.addAll(argv);
        return collect(arguments, "run " + argv.get(0) + " in '" + container + "'");
    }

    /**
     * A spec for a plain {@code docker exec} on this machine. Ending that docker client does not end the process
     * inside the container: for a long command that may be cancelled, start it on {@link #host(String)} instead.
     */
    public ProcessSpec execSpec(String container, List<String> argv) {
        List<String> command = new ArrayList<>(List.of(dockerCommand, "exec", container));
        command.addAll(argv);
        return ProcessSpec.of(command).withEnvironment(environment).withInstallHint(INSTALL_HINT);
    }

    /** The container as a {@link Host}: programs run inside it with docker exec, and its trees are ended there. */
    public Host host(String container) {
        return new ContainerHost(runner, dockerCommand, environment, container);
    }

    private CommandOutput run(List<String> arguments, String purpose) throws DockerException {
        CommandOutput output = collect(arguments, purpose);
        if (output.exitCode() != 0) {
            throw new DockerException("Could not " + purpose + ": docker " + arguments.get(0) + " exited with code "
                    + output.exitCode() + describeStderr(output.stderr()));
        }
        return output;
    }

    private CommandOutput collect(List<String> arguments, String purpose) throws DockerException {
        List<String> command = new ArrayList<>();
        command.add(dockerCommand);
        command.addAll(arguments);
        List<String> stdout = Collections.synchronizedList(new ArrayList<>());
        List<String> stderr = Collections.synchronizedList(new ArrayList<>());
        ProcessResult result;
        try {
            result = runner.run(ProcessSpec.of(command).withEnvironment(environment).withTimeout(commandTimeout)
                            .withInstallHint(INSTALL_HINT),
                    (stream, line) -> (stream == StreamKind.STDOUT ? stdout : stderr).add(line));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DockerException("Interrupted while trying to " + purpose);
        }
        switch (result.outcome()) {
            case FAILED_TO_START -> throw new DockerException("Could not " + purpose + ": " + result.message());
            case TIMED_OUT, CANCELLED -> throw new DockerException("Could not " + purpose + ": " + result.message()
                    + " — is the Docker daemon responding? try `docker info`");
            default -> {
                return new CommandOutput(result.exitCode(), stdout, stderr);
            }
        }
    }

    private static String describeStderr(List<String> stderr) {
        String text = String.join(" ", stderr).strip();
        if (text.isEmpty()) {
            return "";
        }
        String advice = "";
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("permission denied") && lower.contains("docker daemon socket")) {
            advice = " — add your user to the docker group (sudo usermod -aG docker $USER) and log in again";
        } else if (lower.contains("cannot connect to the docker daemon")) {
            advice = " — start the Docker daemon (sudo systemctl start docker)";
        } else if (text.contains("No such container")) {
            advice = " — check the name with `docker ps`";
        }
        return ": " + text + advice;
    }

    @Override
    public String toString() {
        return "DockerClient[" + dockerCommand + "]";
    }
}
