package dev.memlens.core.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry of GPU sources: ids, registration, floors, and what auto detection tries. */
class GpuSourcesTest {
    @TempDir
    Path dir;

    @Test
    void builtInSourcesInAutoDetectionOrder() {
        assertEquals(List.of("auto", "nvml", "nvidia-smi", "amd-smi", "rocm-smi", "sysfs", "prometheus"),
                GpuSources.ids());
        assertEquals(1, GpuSources.find("nvml").orElseThrow().minIntervalMs());
        assertEquals(10, GpuSources.find("nvidia-smi").orElseThrow().minIntervalMs());
        assertNull(GpuSources.validate("nvml", 1));
        assertNull(GpuSources.validate("auto", 1));
    }

    @Test
    void aRegisteredSourceIsUsedWhenNamedButNotTriedByAutoAndGoesAwayWhenClosed() throws Exception {
        PollingGpuSampler remote = new PollingGpuSampler("remote stand-in",
                t -> List.of(GpuSample.of(t, 0, "GPU-r", "Remote", 42, 100L, null, null, null)),
                GpuSamplerOptions.defaults(StandIns.emptyPath(dir)), GpuSelection.all());
        GpuSourceDescriptor descriptor = new GpuSourceDescriptor("remote-test", "a source that needs an address",
                false, 50, options -> Optional.of(remote));
        GpuSamplerOptions options = GpuSamplerOptions.defaults(StandIns.emptyPath(dir))
                .withSysfsDrmRoot(dir.resolve("no-sysfs"));
        try (GpuSources.Registration registration = GpuSources.register(descriptor)) {
            assertEquals("remote-test", GpuSources.ids().get(GpuSources.ids().size() - 1));
            assertSame(remote, GpuSamplers.detect(options.withSource("remote-test")));
            assertEquals(42, GpuSamplers.detect(options.withSource("remote-test")).baseline().get(0).usedBytes());
            assertThrows(GpuToolNotFoundException.class, () -> GpuSamplers.detect(options),
                    "auto does not try a source that needs an address");
            assertEquals("GPU source remote-test samples every 50 ms at the fastest, 10 ms was asked: raise"
                    + " --interval-ms or use --source nvml", GpuSources.validate("remote-test", 10));
            IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                    () -> GpuSources.register(descriptor));
            assertEquals("a GPU source 'remote-test' is already registered", twice.getMessage());
        }
        assertEquals("unknown GPU source 'remote-test': use one of auto, nvml, nvidia-smi, amd-smi, rocm-smi, sysfs, prometheus",
                GpuSources.validate("remote-test"));
    }

    @Test
    void aNamedSourceThatIsNotOnThisMachineSaysSo() {
        GpuSamplerOptions options = GpuSamplerOptions.defaults(StandIns.emptyPath(dir)).withSource("amd-smi");
        GpuToolNotFoundException e = assertThrows(GpuToolNotFoundException.class, () -> GpuSamplers.detect(options));
        assertEquals("GPU source amd-smi is not available on this machine (AMD amd-smi, polled): install it or use"
                + " --source auto", e.getMessage());
    }

    @Test
    void idsAreLowerCaseWordsAndNotAuto() {
        assertThrows(IllegalArgumentException.class,
                () -> new GpuSourceDescriptor("auto", "x", true, 1, o -> Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> new GpuSourceDescriptor("Remote Host", "x", true, 1, o -> Optional.empty()));
        assertTrue(GpuSources.find("auto").isEmpty());
    }

    @Test
    void prometheusIsARegisteredSourceThatAutoNeverTriesAndThatNeedsItsServer() {
        GpuSourceDescriptor prometheus = GpuSources.find("prometheus").orElseThrow();
        assertEquals(List.of("auto", "nvml", "nvidia-smi", "amd-smi", "rocm-smi", "sysfs"),
                GpuSources.idsWithoutAddress(), "what the app's form offers: it has no server field");
        assertTrue(!prometheus.autoDetected(), "it needs an address");
        GpuSamplerOptions options = GpuSamplerOptions.defaults(StandIns.emptyPath(dir))
                .withSysfsDrmRoot(dir.resolve("no-sysfs"));
        assertThrows(GpuToolNotFoundException.class, () -> GpuSamplers.detect(options),
                "auto does not reach out to a Prometheus server");
        GpuSamplerException noUrl = assertThrows(GpuSamplerException.class,
                () -> GpuSamplers.detect(options.withSource("prometheus")));
        assertEquals("GPU source prometheus needs the server's URL: give --prometheus URL (e.g."
                + " http://127.0.0.1:9090)", noUrl.getMessage());
        GpuSamplerException badUrl = assertThrows(GpuSamplerException.class,
                () -> GpuSamplers.detect(options.withSource("prometheus").withSourceAddress("ftp://x", null)));
        assertEquals("--prometheus ftp://x is not an http(s) URL: give e.g. http://127.0.0.1:9090",
                badUrl.getMessage());
    }
}
