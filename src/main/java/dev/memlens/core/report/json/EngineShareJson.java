package dev.memlens.core.report.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memlens.core.report.EngineShare;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.report.ReportFormatException;

/**
 * The report's {@code engine_share} section: {@code {"gpu_memory_utilization": 0.95, "source": "vllm-log"}}, the
 * share the engine said it reserved and where it said it. Reports written before it have none and read as null.
 */
final class EngineShareJson {
    private static final String SECTION = "engine_share";

    private EngineShareJson() {
    }

    static void write(ObjectNode root, EngineShare share) {
        root.remove(SECTION);
        if (share != null) {
            root.putObject(SECTION).put("gpu_memory_utilization", share.share()).put("source", share.source().tag());
        }
    }

    /** The section, or null when the report has none. */
    static EngineShare read(JsonFields f, JsonNode root) throws ReportFormatException {
        JsonNode s = f.object(root, "", SECTION);
        if (s == null) {
            return null;
        }
        Double share = f.number(s, SECTION, "gpu_memory_utilization");
        String source = f.text(s, SECTION, "source");
        if (share == null || source == null) {
            throw f.error(SECTION, "needs gpu_memory_utilization and source; correct them in the file or remove the"
                    + " section.");
        }
        try {
            return new EngineShare(share, FigureSource.fromTag(source));
        } catch (IllegalArgumentException e) {
            throw f.error(SECTION, e.getMessage() + "; correct it in the file or remove the section.");
        }
    }
}
