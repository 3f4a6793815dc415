package dev.memlens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.memlens.core.prometheus.PrometheusAuth;
import dev.memlens.testsupport.ExporterScrapes;
import dev.memlens.testsupport.RealPrometheus;
import dev.memlens.testsupport.StandInExporter;
import dev.memlens.testutil.Resources;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Credentials and TLS with real Prometheus servers: one with basic auth (its web config), a bearer-token proxy in
 * front of it (as OAuth proxies do), and one serving TLS with a self-signed certificate, which must be refused.
 */
class TracePrometheusAccessWithStandInExporterTest {
    private static final String USER = "memlens";
    private static final String PASSWORD = "memlens-test";
    /** bcrypt (cost 4) of PASSWORD, as Prometheus's web config wants it. */
    private static final String PASSWORD_BCRYPT = "$2b$04$a9UctrE2hJbtABxnTY32PeYQ7lNVtyuZS0i1TUaNhPf5/5kC8fW0W";
    private static final String TOKEN = "memlens-test-token";
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(
            (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    static StandInExporter exporter;
    static RealPrometheus basicAuth;
    static HttpServer bearerProxy;

    @BeforeAll
    static void start() throws Exception {
        RealPrometheus.assumeInstalled();
        exporter = new StandInExporter(Map.of("/metrics", ExporterScrapes.dcgmL40s(List.of(0L, 512L, 256L))));
        basicAuth = RealPrometheus.start(List.of(new RealPrometheus.Job("dcgm", exporter.port(), "/metrics")),
                "basic_auth_users:\n  " + USER + ": " + PASSWORD_BCRYPT + "\n").authorization(BASIC);
        basicAuth.await(Duration.ofSeconds(90), () -> basicAuth.storedSamples("DCGM_FI_DEV_FB_USED") > 3,
                "done scraping");
        bearerProxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        bearerProxy.createContext("/", TracePrometheusAccessWithStandInExporterTest::proxy);
        bearerProxy.start();
    }

    /** Checks the bearer token and forwards to Prometheus with basic auth; /moved/... redirects elsewhere. */
    private static void proxy(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        if (path.startsWith("/moved/")) {
            exchange.getResponseHeaders().add("Location", "http://other.invalid" + path);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
            return;
        }
        if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
            return;
        }
        try {
            HttpResponse<byte[]> upstream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    basicAuth.url() + path + (query == null ? "" : "?" + query))).header("Authorization", BASIC)
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            exchange.sendResponseHeaders(upstream.statusCode(), upstream.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(upstream.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(502, -1);
            exchange.close();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (bearerProxy != null) {
            bearerProxy.stop(0);
        }
        if (basicAuth != null) {
            basicAuth.close();
        }
        if (exporter != null) {
            exporter.close();
        }
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result trace(Map<String, String> env, String url) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new TraceCommand(env));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("--prometheus", url, "--start", "-10m");
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void basicAuthFromTheEnvironment() {
        Result refused = trace(Map.of(), basicAuth.url());
        assertEquals(ExitCodes.USAGE, refused.exit());
        assertTrue(refused.err().contains("refused the request (HTTP 401, sent none)"), refused.err());
        assertTrue(refused.err().contains(PrometheusAuth.USER_VARIABLE), refused.err());

        Result wrong = trace(Map.of(PrometheusAuth.USER_VARIABLE, USER, PrometheusAuth.PASSWORD_VARIABLE, "nope"),
                basicAuth.url());
        assertEquals(ExitCodes.USAGE, wrong.exit());
        assertFalse(wrong.err().contains("nope"), "the password is never printed: " + wrong.err());

        Result ok = trace(Map.of(PrometheusAuth.USER_VARIABLE, USER, PrometheusAuth.PASSWORD_VARIABLE, PASSWORD),
                basicAuth.url());
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().contains("peak      0.50 GiB (512 MiB)"), ok.out());
        assertFalse(ok.out().contains(PASSWORD));
    }

    @Test
    void bearerTokenFromTheEnvironment() {
        String url = "http://127.0.0.1:" + bearerProxy.getAddress().getPort();
        Result ok = trace(Map.of(PrometheusAuth.TOKEN_VARIABLE, TOKEN), url);
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().contains("baseline  0.00 GiB (0 MiB)"), ok.out());
        assertTrue(ok.out().contains("peak      0.50 GiB (512 MiB)"), ok.out());
        Result wrong = trace(Map.of(PrometheusAuth.TOKEN_VARIABLE, "other"), url);
        assertEquals(ExitCodes.USAGE, wrong.exit());
        assertTrue(wrong.err().contains("sent bearer token from " + PrometheusAuth.TOKEN_VARIABLE), wrong.err());
        assertFalse(wrong.err().contains("other"), wrong.err());
    }

    @Test
    void redirectsAreNotFollowedWithTheCredentials() {
        String url = "http://127.0.0.1:" + bearerProxy.getAddress().getPort() + "/moved";
        Result r = trace(Map.of(PrometheusAuth.TOKEN_VARIABLE, TOKEN), url);
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains("redirects (HTTP 302) to http://other.invalid/moved/api/v1/query"), r.err());
    }

    @Test
    void aCertificateNoTrustStoreVouchesForIsRefused() throws Exception {
        String web = "tls_server_config:\n  cert_file: " + Resources.path("prometheus/tls/test-only.crt")
                + "\n  key_file: " + Resources.path("prometheus/tls/test-only.key") + "\n";
        try (RealPrometheus tls = RealPrometheus.start(List.of(), web)) {
            Result r = trace(Map.of(), "https://127.0.0.1:" + tls.port());
            assertEquals(ExitCodes.USAGE, r.exit());
            assertTrue(r.err().contains("the TLS connection to https://127.0.0.1:" + tls.port() + " failed"),
                    r.err());
            assertTrue(r.err().contains("-Djavax.net.ssl.trustStore"), r.err());
        }
    }

    @Test
    void nothingListeningSaysSo() {
        Result r = trace(Map.of(), "http://127.0.0.1:1");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertTrue(r.err().contains("could not connect to Prometheus at http://127.0.0.1:1"), r.err());
    }
}
