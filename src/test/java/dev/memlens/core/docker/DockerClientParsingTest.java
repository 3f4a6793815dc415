package dev.memlens.core.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DockerClientParsingTest {
    @Test
    void parsesIpv4Ipv6AndSpecificAddressesAndSkipsNoise() {
        assertEquals(List.of(new PortMapping(8000, "tcp", "0.0.0.0", 8000), new PortMapping(8000, "tcp", "::", 8000),
                        new PortMapping(8001, "tcp", "192.168.1.5", 9001), new PortMapping(8002, "tcp", "fe80::1", 9002)),
                DockerClient.parsePorts(List.of("8000/tcp -> 0.0.0.0:8000", "8000/tcp -> [::]:8000",
                        "8001/tcp -> 192.168.1.5:9001", "8002/tcp -> [fe80::1]:9002", "", "garbage")));
        assertEquals("[fe80::1]", new PortMapping(8002, "tcp", "fe80::1", 9002).connectHost());
        assertEquals("192.168.1.5", new PortMapping(8001, "tcp", "192.168.1.5", 9001).connectHost());
    }

    @Test
    void vllmWinsOverPlainPython() {
        assertEquals(DetectedFramework.Kind.VLLM, DockerClient.classify(List.of("python3 app.py", "VLLM::EngineCore")).kind());
        assertEquals(DetectedFramework.Kind.TRANSFORMERS,
                DockerClient.classify(List.of("/opt/conda/bin/python -m transformers.commands.serving")).kind());
        assertEquals(DetectedFramework.Kind.UNKNOWN, DockerClient.classify(List.of("COMMAND", "bash", "pythonista")).kind());
    }
}
