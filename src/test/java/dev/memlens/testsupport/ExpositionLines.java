package dev.memlens.testsupport;

import dev.memlens.core.prometheus.PrometheusSeries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns recorded exposition text into one-sample series, as Prometheus would store one scrape (with the instance
 * and job labels it adds), so the code that reads Prometheus answers can be fed recorded exporter output.
 */
public final class ExpositionLines {
    private static final Pattern LINE =
            Pattern.compile("^([A-Za-z_:][A-Za-z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)\\s*$");
    private static final Pattern LABEL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private ExpositionLines() {
    }

    public static List<PrometheusSeries> scrape(String text, long timestampMillis, String job) {
        List<PrometheusSeries> series = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = LINE.matcher(line.strip());
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("__name__", m.group(1));
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2).replace("\\\"", "\""));
                }
            }
            labels.put("instance", "127.0.0.1:9400");
            labels.put("job", job);
            series.add(new PrometheusSeries(labels, new long[] {timestampMillis},
                    new double[] {Double.parseDouble(m.group(3))}));
        }
        return series;
    }

    /** The value of the first sample line of {@code name}. */
    public static double value(String text, String name) {
        for (PrometheusSeries s : scrape(text, 0, "x")) {
            if (s.name().equals(name)) {
                return s.values()[0];
            }
        }
        throw new AssertionError("no " + name + " sample in the text");
    }
}
