package dev.memlens.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Debian's real {@code prometheus} on 127.0.0.1 at a free port with a temporary storage directory, scraping the
 * given jobs every second. Tests that need it skip (with the install command) when the binary is missing.
 */
public final class RealPrometheus implements AutoCloseable {
    /** One scrape job: a name, the exporter's port and its metrics path. */
    public record Job(String name, int port, String path) {
    }

    private final Path dir;
    private final Process process;
    private final int port;
    private volatile String authorization;

    private RealPrometheus(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    public static Optional<Path> binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "prometheus");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        Path debian = Path.of("/usr/bin/prometheus");
        return Files.isExecutable(debian) ? Optional.of(debian) : Optional.empty();
    }

    /** Skips the calling test when Prometheus is not installed, saying how to install it. */
    public static Path assumeInstalled() {
        Optional<Path> binary = binary();
        assumeTrue(binary.isPresent(), "prometheus is not installed: install it with 'sudo apt-get install -y "
                + "prometheus' (Debian/Ubuntu) to run the real-Prometheus tests");
        return binary.get();
    }

    /** Starts Prometheus and waits until it is ready; {@code webConfig} (may be null) is its --web.config.file. */
    public static RealPrometheus start(List<Job> jobs, String webConfig) throws IOException, InterruptedException {
        return start(jobs, webConfig, Duration.ofSeconds(1));
    }

    /** The same with another scrape interval (whole seconds; the scrape timeout is one second). */
    public static RealPrometheus start(List<Job> jobs, String webConfig, Duration scrapeInterval)
            throws IOException, InterruptedException {
        Path binary = assumeInstalled();
        Path dir = Files.createTempDirectory("memlens-prometheus");
        StringBuilder config = new StringBuilder("global:\n  scrape_interval: " + scrapeInterval.toSeconds()
                + "s\n  scrape_timeout: 1s\nscrape_configs:\n");
        for (Job job : jobs) {
            config.append("  - job_name: ").append(job.name()).append('\n')
                    .append("    metrics_path: ").append(job.path()).append('\n')
                    .append("    static_configs:\n      - targets: ['127.0.0.1:").append(job.port()).append("']\n");
        }
        Files.writeString(dir.resolve("prometheus.yml"), config);
        int port = FreePorts.loopback();
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn"));
        if (webConfig != null) {
            Files.writeString(dir.resolve("web.yml"), webConfig);
            command.add("--web.config.file=" + dir.resolve("web.yml"));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        RealPrometheus prometheus = new RealPrometheus(dir, process, port);
        if (webConfig == null) {
            prometheus.await(Duration.ofSeconds(60), prometheus::ready, "ready");
        } else {
            prometheus.await(Duration.ofSeconds(60), prometheus::listening, "listening");
        }
        return prometheus;
    }

    public int port() {
        return port;
    }

    /** The Authorization header this helper's own queries send (for a server with basic auth). */
    public RealPrometheus authorization(String header) {
        this.authorization = header;
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path directory() {
        return dir;
    }

    /** Polls {@code condition} until true; fails with Prometheus's log after the deadline. */
    public void await(Duration deadline, BooleanSupplier condition, String what) throws InterruptedException {
        Instant end = Instant.now().plus(deadline);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end) || !process.isAlive()) {
                throw new AssertionError("Prometheus was not " + what + " within " + deadline + "; its log:\n"
                        + log());
            }
            Thread.sleep(100);
        }
    }

    /** The number of raw samples of a metric in the last hour (-1 when the query fails). */
    public long storedSamples(String metric) {
        String body = get("/api/v1/query?query=" + java.net.URLEncoder.encode("count_over_time(" + metric
                + "[1h])", StandardCharsets.UTF_8));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"value\":\\[[0-9.]+,\"(\\d+)\"]")
                .matcher(body == null ? "" : body);
        long total = -1;
        while (m.find()) {
            total = Math.max(total, 0) + Long.parseLong(m.group(1));
        }
        return total;
    }

    private boolean ready() {
        String body = get("/-/ready");
        return body != null;
    }

    private boolean listening() {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String get(String path) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path))
                    .timeout(Duration.ofSeconds(5));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }


    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
