package dev.memlens.core.vllm.metrics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the Prometheus text exposition format (version 0.0.4) that vLLM serves at {@code /metrics}, keeping the
 * series of the compatibility table ({@link dev.memlens.core.prometheus.ExporterMetric#TABLE}). Unknown series, comments and malformed lines are
 * skipped: a live scrape must not fail on one odd line.
 */
public final class MetricsParser {
    private MetricsParser() {
    }

    public static VllmMetricsSnapshot parse(String text) {
        try {
            return parse(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static VllmMetricsSnapshot parse(Reader reader) throws IOException {
        VllmSnapshotBuilder snapshot = new VllmSnapshotBuilder();
        BufferedReader lines = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.isEmpty() || line.charAt(0) == '#' || !line.startsWith("vllm:")) {
                continue;
            }
            Sample s = sample(line);
            if (s != null) {
                snapshot.add(s.name, s.labels, s.value);
            }
        }
        return snapshot.build();
    }

    /** {@code name{l="v",...} value [timestamp]}; {@code null} when the line does not parse. */
    static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        Map<String, String> labels = new LinkedHashMap<>();
        String name;
        int rest;
        if (brace >= 0 && (space < 0 || brace < space)) {
            name = line.substring(0, brace);
            rest = labels(line, brace + 1, labels);
            if (rest < 0) {
                return null;
            }
        } else {
            if (space < 0) {
                return null;
            }
            name = line.substring(0, space);
            rest = space;
        }
        String[] valueAndTime = line.substring(rest).trim().split("\\s+");
        if (valueAndTime.length == 0 || valueAndTime[0].isEmpty()) {
            return null;
        }
        try {
            return new Sample(name, labels, parseValue(valueAndTime[0]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static double parseValue(String v) {
        return switch (v) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(v);
        };
    }

    /** Parses labels after '{'; returns the index after '}' or -1. Handles the \\, \" and \n escapes. */
    private static int labels(String line, int i, Map<String, String> out) {
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '}') {
                return i + 1;
            }
            if (c == ',' || c == ' ') {
                i++;
                continue;
            }
            int eq = line.indexOf('=', i);
            if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                return -1;
            }
            String key = line.substring(i, eq).trim();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; j < line.length(); j++) {
                char v = line.charAt(j);
                if (v == '\\' && j + 1 < line.length()) {
                    char n = line.charAt(++j);
                    value.append(n == 'n' ? '\n' : n);
                } else if (v == '"') {
                    break;
                } else {
                    value.append(v);
                }
            }
            if (j >= line.length()) {
                return -1;
            }
            out.put(key, value.toString());
            i = j + 1;
        }
        return -1;
    }

    record Sample(String name, Map<String, String> labels, double value) {
    }
}
