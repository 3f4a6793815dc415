package dev.memlens.core.vllm.bench;

import dev.memlens.core.report.LatencyStats;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memlens.core.vllm.ProgressEvent;
import dev.memlens.core.vllm.TqdmProgress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code vllm bench latency} prints: the stdout summary (fed line by line with {@link #accept(String)};
 * stderr may be fed to the same instance for its tqdm bars) and the {@code --output-json} file ({@link #readJson}).
 * Not thread-safe: one thread feeds it.
 */
public final class BenchLatencyOutput {
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");
    private static final Pattern AVG = Pattern.compile("^Avg latency: ([0-9.eE+-]+) seconds");
    private static final Pattern STD = Pattern.compile("^Std latency: ([0-9.eE+-]+) seconds");
    private static final Pattern PERCENTILE = Pattern.compile("^(\\d+)% percentile latency: ([0-9.eE+-]+) seconds");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Consumer<BenchProgress> progressListener;
    private Double average;
    private Double std;
    private final TreeMap<Integer, Double> percentiles = new TreeMap<>();
    private boolean warmingUp;

    public BenchLatencyOutput() {
        this(p -> {
        });
    }

    public BenchLatencyOutput(Consumer<BenchProgress> progressListener) {
        this.progressListener = Objects.requireNonNull(progressListener, "progressListener");
    }

    /** One line of stdout or stderr; carriage-return-separated tqdm segments are handled one by one. */
    public void accept(String line) {
        String text = line.indexOf('\u001B') >= 0 ? ANSI.matcher(line).replaceAll("") : line;
        for (String segment : text.split("[\r\n]")) {
            acceptSegment(segment.strip());
        }
    }

    private void acceptSegment(String s) {
        if (s.isEmpty()) {
            return;
        }
        if (s.startsWith("Warming up")) {
            warmingUp = true;
            return;
        }
        Optional<ProgressEvent> progress = TqdmProgress.parse(s);
        if (progress.isPresent()) {
            phaseOf(progress.get().description()).ifPresent(phase -> progressListener.accept(
                    new BenchProgress(phase, (int) progress.get().current(), (int) progress.get().total())));
            return;
        }
        Matcher m = PERCENTILE.matcher(s);
        if (m.find()) {
            percentiles.put(Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)));
        } else if ((m = AVG.matcher(s)).find()) {
            average = Double.parseDouble(m.group(1));
        } else if ((m = STD.matcher(s)).find()) {
            std = Double.parseDouble(m.group(1));
        }
    }

    private static Optional<BenchPhase> phaseOf(String description) {
        if (description.startsWith("Warmup iterations")) {
            return Optional.of(BenchPhase.WARMUP);
        }
        if (description.startsWith("Bench iterations") || description.startsWith("Profiling iterations")) {
            return Optional.of(BenchPhase.BENCH);
        }
        return Optional.empty();
    }

    /** Whether "Warming up..." was printed: the engine started and the benchmark began. */
    public boolean warmupStarted() {
        return warmingUp;
    }

    /** The stats printed so far; empty until the "Avg latency" line arrives. */
    public Optional<LatencyStats> result() {
        return average == null ? Optional.empty() : Optional.of(new LatencyStats(average, std, keyed(percentiles), List.of()));
    }

    /** Reads an {@code --output-json} file (with or without std_latency; percentile keys are strings). */
    public static LatencyStats readJson(Path file) throws IOException {
        try {
            return parseJson(Files.readString(file));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    public static LatencyStats parseJson(String json) throws IOException {
        JsonNode root = JSON.readTree(json);
        if (root == null || !root.path("avg_latency").isNumber()) {
            throw new IllegalArgumentException("not a vllm bench latency result: no numeric \"avg_latency\"");
        }
        Double std = root.path("std_latency").isNumber() ? root.get("std_latency").asDouble() : null;
        TreeMap<Integer, Double> percentiles = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.path("percentiles").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            try {
                percentiles.put((int) Double.parseDouble(e.getKey()), e.getValue().asDouble());
            } catch (NumberFormatException ignored) {
                // a key that is no percentage is not ours to interpret
            }
        }
        List<Double> latencies = new ArrayList<>();
        root.path("latencies").forEach(n -> latencies.add(n.asDouble()));
        return new LatencyStats(root.get("avg_latency").asDouble(), std, keyed(percentiles), latencies);
    }

    /** The report's percentile keys are their percent as text ("50"), as vLLM's JSON has them. */
    private static Map<String, Double> keyed(Map<Integer, Double> percentiles) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        percentiles.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
