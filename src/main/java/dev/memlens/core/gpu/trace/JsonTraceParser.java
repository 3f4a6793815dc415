package dev.memlens.core.gpu.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.gpu.amd.AmdSmiJson;
import dev.memlens.core.gpu.amd.RocmSmiJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * amd-smi (both shapes) and rocm-smi JSON snapshots; a file may hold several JSON documents one after another (a
 * watch loop or repeated calls), each one a tick.
 */
final class JsonTraceParser {
    private static final ObjectMapper JSON = dev.memlens.core.io.SafeJson.mapper();

    private JsonTraceParser() {
    }

    static List<JsonNode> documents(String fileName, String text) throws TraceException {
        List<JsonNode> documents = new ArrayList<>();
        // one tree per top-level value: readValues() would unwrap a top-level array into its elements
        try (JsonParser parser = JSON.getFactory().createParser(text)) {
            while (parser.nextToken() != null) {
                documents.add(JSON.readTree(parser));
            }
        } catch (IOException | RuntimeException e) {
            throw new TraceException(fileName + " is not valid JSON (" + e.getMessage().lines().findFirst().orElse("")
                    + "): record it again with amd-smi metric --mem-usage --json or rocm-smi --showmeminfo vram --json",
                    e);
        }
        return documents;
    }

    static Trace parse(String fileName, TraceFormat format, List<JsonNode> documents) throws TraceException {
        List<TraceEvent> events = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        boolean timed = true;
        for (int tick = 0; tick < documents.size(); tick++) {
            long synthetic = tick * Trace.SYNTHETIC_TICK_MILLIS;
            JsonNode document = documents.get(tick);
            List<GpuSample> samples = format == TraceFormat.AMD_SMI_JSON
                    ? AmdSmiJson.samples(document, synthetic, Map.of(), Map.of())
                    : RocmSmiJson.samples(document, synthetic);
            if (format == TraceFormat.ROCM_SMI_JSON || AmdSmiJson.gpuEntries(document).stream()
                    .anyMatch(g -> !g.has("timestamp"))) {
                timed = false;
            }
            if (samples.isEmpty()) {
                warnings.add("JSON document " + (tick + 1) + " of " + fileName + " has no VRAM used figure (N/A?)");
            }
            samples.forEach(s -> events.add(new TraceEvent.Sample(s)));
        }
        if (events.isEmpty()) {
            throw new TraceException(fileName + " has no GPU memory figures: amd-smi needs 'metric --mem-usage', "
                    + "rocm-smi needs '--showmeminfo vram'");
        }
        if (!timed) {
            warnings.add(fileName + " has no timestamps: times are snapshot numbers");
        }
        return new Trace(format, events, timed, warnings);
    }
}
