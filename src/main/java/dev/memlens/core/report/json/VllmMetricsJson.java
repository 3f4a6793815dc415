package dev.memlens.core.report.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memlens.core.report.ReportFormatException;
import dev.memlens.core.report.VllmMetricsSeries;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's {@code vllm_metrics} section: where vLLM's metrics were read ({@code source}), the scrapes
 * ({@code points}: {@code t_ms} since the
 * run started, {@code kv_usage} 0..1, {@code running}, {@code waiting}, {@code preemptions_total}) and, for readers
 * of the file, the {@code summary} derived from them (read back from the points, never trusted from the file).
 */
final class VllmMetricsJson {
    private static final String SECTION = "vllm_metrics";

    private VllmMetricsJson() {
    }

    static void write(ObjectNode root, VllmMetricsSeries series) {
        root.remove(SECTION);
        if (series == null || series.isEmpty()) {
            return;
        }
        ObjectNode section = root.putObject(SECTION);
        if (series.source() != null) {
            section.put("source", series.source());
        }
        VllmMetricsSeries.Summary summary = series.summary();
        ObjectNode s = section.putObject("summary");
        put(s, "kv_usage_peak", summary.kvUsagePeakFraction());
        put(s, "running_peak", summary.runningPeak());
        put(s, "waiting_peak", summary.waitingPeak());
        if (summary.preemptions() != null) {
            s.put("preemptions", summary.preemptions());
        } else {
            s.putNull("preemptions");
        }
        s.put("memory_pressure", summary.memoryPressure());
        ArrayNode points = section.putArray("points");
        for (VllmMetricsSeries.Point p : series.points()) {
            ObjectNode o = points.addObject().put("t_ms", p.atMillis());
            put(o, "kv_usage", p.kvUsageFraction());
            put(o, "running", p.runningRequests());
            put(o, "waiting", p.waitingRequests());
            put(o, "preemptions_total", p.preemptionsTotal());
        }
    }

    /** The section, or null when the report has none. */
    static VllmMetricsSeries read(JsonFields f, JsonNode root) throws ReportFormatException {
        JsonNode section = f.object(root, "", SECTION);
        if (section == null) {
            return null;
        }
        JsonNode list = f.array(section, SECTION, "points");
        List<VllmMetricsSeries.Point> points = new ArrayList<>();
        for (int i = 0; list != null && i < list.size(); i++) {
            String at = SECTION + ".points[" + i + "]";
            JsonNode p = list.get(i);
            Long t = f.wholeNumber(p, at, "t_ms");
            if (t == null) {
                throw f.error(at + ".t_ms", "is missing. Correct the value in the file or re-export the report.");
            }
            points.add(new VllmMetricsSeries.Point(t, f.number(p, at, "kv_usage"), f.number(p, at, "running"),
                    f.number(p, at, "waiting"), f.number(p, at, "preemptions_total")));
        }
        JsonNode source = section.get("source");
        return points.isEmpty() ? null : new VllmMetricsSeries(points,
                source != null && source.isTextual() ? source.asText() : null);
    }

    private static void put(ObjectNode node, String key, Double value) {
        if (value == null || !Double.isFinite(value)) {
            node.putNull(key);
        } else {
            node.put(key, value);
        }
    }
}
