package dev.memlens.core.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The user's inputs for Prometheus: URL, times, matchers and credentials. */
class PrometheusInputsTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void timesAreNowRelativeRfc3339OrUnixSeconds() throws Exception {
        assertEquals(NOW, TimeArgument.parse("--end", "now", NOW));
        assertEquals(Instant.parse("2026-12-01T09:00:00Z"), TimeArgument.parse("--start", "-1h", NOW));
        assertEquals(Instant.parse("2026-12-01T09:59:30Z"), TimeArgument.parse("--start", "-30s", NOW));
        assertEquals(Instant.parse("2026-11-29T10:00:00Z"), TimeArgument.parse("--start", "-2d", NOW));
        assertEquals(Instant.parse("2026-12-01T08:00:00Z"),
                TimeArgument.parse("--start", "2026-12-01T09:00:00+01:00", NOW));
        assertEquals(Instant.ofEpochMilli(1764579600500L), TimeArgument.parse("--start", "1764579600.5", NOW));
        PrometheusException e = assertThrows(PrometheusException.class,
                () -> TimeArgument.parse("--start", "yesterday", NOW));
        assertTrue(e.getMessage().startsWith("--start yesterday is not a time: give"), e.getMessage());
    }

    @Test
    void matchersAreAddedToTheTablesNames() throws Exception {
        assertEquals("{__name__=~\"a\",Hostname=\"n1\"}", PrometheusGpuSeries.withMatchers("__name__=~\"a\"",
                "{Hostname=\"n1\"}"));
        assertEquals("{__name__=~\"a\",pod=~\"vllm-.*\"}", PrometheusGpuSeries.withMatchers("__name__=~\"a\"",
                "pod=~\"vllm-.*\""));
        assertEquals("{__name__=~\"a\"}", PrometheusGpuSeries.withMatchers("__name__=~\"a\"", " "));
        for (String bad : new String[] {"up", "up{job=\"x\"}", "{__name__=\"up\"}", "{}"}) {
            assertThrows(PrometheusException.class, () -> PrometheusGpuSeries.withMatchers("x=\"y\"", bad), bad);
        }
        String selector = PrometheusGpuSeries.selector(null);
        assertTrue(selector.contains("DCGM_FI_DEV_FB_USED|"), selector);
        assertFalse(selector.contains("vllm:"), "GPU memory only: " + selector);
    }

    @Test
    void urlsWithCredentialsOrQueriesAreRefused() {
        PrometheusException creds = assertThrows(PrometheusException.class,
                () -> PrometheusClient.of("http://alice:secret@prom:9090", PrometheusAuth.none()));
        assertFalse(creds.getMessage().contains("secret"), "the password is not echoed: " + creds.getMessage());
        assertTrue(creds.getMessage().contains(PrometheusAuth.USER_VARIABLE), creds.getMessage());
        assertThrows(PrometheusException.class, () -> PrometheusClient.of("ftp://prom:9090", PrometheusAuth.none()));
        assertThrows(PrometheusException.class,
                () -> PrometheusClient.of("http://prom:9090/api/v1/query?query=up", PrometheusAuth.none()));
        assertThrows(PrometheusException.class, () -> PrometheusClient.of("not a url", PrometheusAuth.none()));
    }

    @Test
    void credentialsComeFromTheEnvironmentAndAreNeverPrinted() throws Exception {
        PrometheusAuth bearer = PrometheusAuth.fromEnvironment(Map.of(PrometheusAuth.TOKEN_VARIABLE, "tok-123"));
        assertEquals("Bearer tok-123", bearer.authorizationHeader().orElseThrow());
        assertFalse(bearer.toString().contains("tok-123"));
        assertFalse(bearer.describe().contains("tok-123"));
        PrometheusAuth basic = PrometheusAuth.fromEnvironment(Map.of(PrometheusAuth.USER_VARIABLE, "alice",
                PrometheusAuth.PASSWORD_VARIABLE, "s3cret"));
        assertEquals("Basic YWxpY2U6czNjcmV0", basic.authorizationHeader().orElseThrow());
        assertTrue(PrometheusAuth.fromEnvironment(Map.of()).authorizationHeader().isEmpty());
        PrometheusException half = assertThrows(PrometheusException.class, () -> PrometheusAuth.fromEnvironment(
                Map.of(PrometheusAuth.USER_VARIABLE, "alice")));
        assertTrue(half.getMessage().contains(PrometheusAuth.PASSWORD_VARIABLE), half.getMessage());
        assertThrows(PrometheusException.class, () -> PrometheusAuth.fromEnvironment(Map.of(
                PrometheusAuth.TOKEN_VARIABLE, "t", PrometheusAuth.USER_VARIABLE, "u",
                PrometheusAuth.PASSWORD_VARIABLE, "p")));
    }
}
