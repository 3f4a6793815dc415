package dev.memlens.core.report.library;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.memlens.core.io.InputFiles;
import dev.memlens.core.io.SafeJson;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.memlens.core.compare.MemoryComparison;
import dev.memlens.core.report.GpuDevice;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.ReportFormatException;
import dev.memlens.core.report.ReportReader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a saved run's summary without building its timeline: the {@code gpu_timeline} arrays are streamed past,
 * keeping only each GPU's peak, and the rest of the report goes through {@link ReportReader} as usual. A one-hour
 * eight-GPU run thus costs a pass over the file, not its 576,000 samples in memory.
 */
final class RunSummaryReader {
    private static final ObjectMapper MAPPER = SafeJson.mapper();

    private RunSummaryReader() {
    }

    static RunSummaryEntry read(Path file) throws ReportFormatException {
        ObjectNode light;
        Long streamedPeak;
        try {
            InputFiles.checkReadable(file, "report");
        } catch (InputFiles.UnreadableInputException e) {
            throw new ReportFormatException(e.getMessage(), e);
        }
        try (JsonParser p = MAPPER.getFactory().createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ReportFormatException(file + ": expected a JSON object at the top level. Is it a MemLens report?");
            }
            light = MAPPER.createObjectNode();
            streamedPeak = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("gpu_timeline") && value == JsonToken.START_ARRAY) {
                    streamedPeak = sumOfPeaks(p);
                } else {
                    JsonNode node = MAPPER.readTree(p);
                    light.set(name, node);
                }
            }
        } catch (JsonProcessingException e) {
            throw new ReportFormatException(SafeJson.describe(file.toString(), e)
                    + " It stays in the folder until you delete it.", e);
        } catch (IOException e) {
            throw new ReportFormatException(file + ": cannot read the file (" + e.getMessage() + ").", e);
        }
        ProfileReport r = ReportReader.parse(light.toString(), file.toString());
        return new RunSummaryEntry(file.getFileName().toString(), file, r.model().name(), r.mode(), r.gpus().label(),
                r.startedAt(), peak(r, streamedPeak), verdict(r), r.status(), null);
    }

    /** The summed used memory of every GPU at its own peak, as the results view and ReportReader define it. */
    private static Long sumOfPeaks(JsonParser p) throws IOException {
        Long sum = null;
        while (p.nextToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("used_bytes") && value == JsonToken.START_ARRAY) {
                    Long max = null;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        long v = p.getValueAsLong();
                        max = max == null ? v : Math.max(max, v);
                    }
                    if (max != null) {
                        sum = sum == null ? max : sum + max;
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return sum;
    }

    private static Long peak(ProfileReport r, Long streamedPeak) {
        Long sum = null;
        for (GpuDevice d : r.gpus().devices()) {
            if (d.peakUsedBytes() != null) {
                sum = sum == null ? d.peakUsedBytes() : sum + d.peakUsedBytes();
            }
        }
        if (sum != null) {
            return sum;
        }
        return streamedPeak != null ? streamedPeak : r.timelinePeakBytes();
    }

    static RunVerdict verdict(ProfileReport r) {
        if (!r.hasCalculatorValues()) {
            return RunVerdict.NONE;
        }
        double tolerance = r.tolerancePct() == null ? MemoryComparison.DEFAULT_TOLERANCE_PCT : r.tolerancePct();
        return MemoryComparison.compare(r.measured(), r.calculator(), tolerance)
                .map(c -> c.pass() ? RunVerdict.PASS : RunVerdict.FAIL)
                .orElse(RunVerdict.NONE);
    }
}
