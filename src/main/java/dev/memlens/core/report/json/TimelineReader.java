package dev.memlens.core.report.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memlens.core.report.GpuTimeline;
import dev.memlens.core.report.ReportFormatException;
import java.util.ArrayList;
import java.util.List;

/** Reads MemLens's per-GPU {@code gpu_timeline} and the v3 profiler's summed {@code memory_timeline}. */
final class TimelineReader {
    private static final String[] V3_TIME_KEYS = {"elapsed_s", "elapsed", "t", "time", "timestamp"};
    private static final String[] V3_VALUE_KEYS = {"total_used_gb", "used_gb", "total_gb", "memory_gb", "value_gb"};
    private final JsonFields f;

    TimelineReader(JsonFields fields) {
        this.f = fields;
    }

    List<GpuTimeline> read(JsonNode root) throws ReportFormatException {
        JsonNode own = f.array(root, "", "gpu_timeline");
        if (own != null) {
            List<GpuTimeline> result = new ArrayList<>();
            for (int i = 0; i < own.size(); i++) {
                result.add(gpu(own.get(i), "gpu_timeline[" + i + "]"));
            }
            return result;
        }
        JsonNode v3 = f.object(root, "", "memory_timeline");
        return v3 == null ? List.of() : v3Summed(v3);
    }

    private GpuTimeline gpu(JsonNode g, String p) throws ReportFormatException {
        Integer index = f.integer(g, p, "index");
        long[] times = longs(f.array(g, p, "elapsed_ms"), p + ".elapsed_ms");
        long[] used = longs(f.array(g, p, "used_bytes"), p + ".used_bytes");
        if (index == null) {
            throw f.error(p + ".index", "missing: each timeline needs the GPU index");
        }
        if (times.length != used.length) {
            throw f.error(p, times.length + " times in elapsed_ms but " + used.length + " values in used_bytes;"
                    + " both lists must have one entry per sample");
        }
        return new GpuTimeline(index, f.text(g, p, "uuid"), f.text(g, p, "name"), times, used);
    }

    private long[] longs(JsonNode array, String p) throws ReportFormatException {
        if (array == null) {
            return new long[0];
        }
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode n = array.get(i);
            if (!n.isIntegralNumber()) {
                throw f.error(p + "[" + i + "]", "expected a whole number, found " + JsonFields.describe(n));
            }
            out[i] = n.longValue();
        }
        return out;
    }

    /** v3 recorded the sum over the profiled GPUs, in GB, with a time in seconds (elapsed or epoch). */
    private List<GpuTimeline> v3Summed(JsonNode v3) throws ReportFormatException {
        JsonNode list = f.array(v3, "memory_timeline", "timeline");
        if (list == null || list.isEmpty()) {
            return List.of();
        }
        long[] times = new long[list.size()];
        long[] used = new long[list.size()];
        Double first = null;
        for (int i = 0; i < list.size(); i++) {
            String p = "memory_timeline.timeline[" + i + "]";
            JsonNode e = list.get(i);
            Double t = firstNumber(e, p, V3_TIME_KEYS);
            Double gb = firstNumber(e, p, V3_VALUE_KEYS);
            if (t == null || gb == null) {
                throw f.error(p, "needs a time (elapsed_s or timestamp) and a used-memory value (used_gb or total_used_gb)");
            }
            first = first == null ? t : first;
            times[i] = Math.round((t - first) * 1000);
            used[i] = Math.round(gb * 1e9);
        }
        return List.of(new GpuTimeline(0, null, "all profiled GPUs (sum)", times, used));
    }

    private Double firstNumber(JsonNode e, String p, String[] keys) throws ReportFormatException {
        for (String k : keys) {
            Double v = f.number(e, p, k);
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
