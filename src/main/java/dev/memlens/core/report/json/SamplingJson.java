package dev.memlens.core.report.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memlens.core.gpu.GpuSamplerError;
import dev.memlens.core.gpu.SamplingHealth;
import dev.memlens.core.report.ReportFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's {@code sampling} section: the tool, interval, sample count, status ("ok", "gaps", "failed",
 * "not_sampled"), the gaps with start/end/reason (ms since the run started) and the tool's errors.
 */
final class SamplingJson {
    private SamplingJson() {
    }

    static void write(ObjectNode root, SamplingHealth health) {
        root.remove("sampling");
        if (health == null) {
            return;
        }
        ObjectNode s = root.putObject("sampling");
        if (health.tool() != null) {
            s.put("tool", health.tool());
        } else {
            s.putNull("tool");
        }
        s.put("interval_ms", health.intervalMs());
        s.put("samples", health.samples());
        s.put("status", health.status().tag());
        s.put("missing_ms", health.missingMillis());
        ArrayNode gaps = s.putArray("gaps");
        health.gaps().forEach(g -> gaps.addObject().put("start_ms", g.startMillis()).put("end_ms", g.endMillis())
                .put("reason", g.reason()));
        ArrayNode errors = s.putArray("errors");
        health.errors().forEach(e -> errors.addObject().put("at_ms", e.atMillis()).put("kind", e.kindTag())
                .put("message", e.message()).put("fatal", e.fatal()));
        if (health.dropped() > 0) {
            s.put("dropped_entries", health.dropped());
        }
    }

    /** The section, or null when the report has none. */
    static SamplingHealth read(JsonFields f, JsonNode root) throws ReportFormatException {
        String p = "sampling";
        JsonNode s = f.object(root, "", p);
        if (s == null) {
            return null;
        }
        List<SamplingHealth.Gap> gaps = new ArrayList<>();
        JsonNode gapList = f.array(s, p, "gaps");
        for (int i = 0; gapList != null && i < gapList.size(); i++) {
            String at = p + ".gaps[" + i + "]";
            gaps.add(new SamplingHealth.Gap(required(f.wholeNumber(gapList.get(i), at, "start_ms"), f, at, "start_ms"),
                    required(f.wholeNumber(gapList.get(i), at, "end_ms"), f, at, "end_ms"),
                    f.text(gapList.get(i), at, "reason")));
        }
        List<SamplingHealth.Error> errors = new ArrayList<>();
        JsonNode errorList = f.array(s, p, "errors");
        for (int i = 0; errorList != null && i < errorList.size(); i++) {
            String at = p + ".errors[" + i + "]";
            JsonNode e = errorList.get(i);
            errors.add(new SamplingHealth.Error(required(f.wholeNumber(e, at, "at_ms"), f, at, "at_ms"),
                    kind(f.text(e, at, "kind"), f, at), f.text(e, at, "message"),
                    Boolean.TRUE.equals(f.bool(e, at, "fatal"))));
        }
        Long interval = f.wholeNumber(s, p, "interval_ms");
        Long samples = f.wholeNumber(s, p, "samples");
        Long dropped = f.wholeNumber(s, p, "dropped_entries");
        return new SamplingHealth(f.text(s, p, "tool"), interval == null ? 0 : interval, samples == null ? 0 : samples,
                gaps, errors, dropped == null ? 0 : dropped);
    }

    private static long required(Long value, JsonFields f, String path, String key) throws ReportFormatException {
        if (value == null) {
            throw f.error(path + "." + key, "is missing. Correct the value in the file or re-export the report.");
        }
        return value;
    }

    private static GpuSamplerError.Kind kind(String tag, JsonFields f, String path) throws ReportFormatException {
        try {
            return GpuSamplerError.Kind.valueOf(tag == null ? "TOOL_FAILED" : tag.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw f.error(path + ".kind", "\"" + tag + "\" is not a sampler error kind. Correct the value in the file"
                    + " or re-export the report.");
        }
    }
}
