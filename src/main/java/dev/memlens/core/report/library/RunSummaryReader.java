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
import dev.memlens.core.report.GpuTimeline;
import dev.memlens.core.report.RunPeak;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.ReportFormatException;
import dev.memlens.core.report.json.ReportReader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a saved run's summary without building its JSON tree of the timeline: the {@code gpu_timeline} arrays are
 * streamed into primitive arrays for {@link RunPeak} (only when the account holds no peak), and the rest of the
 * report goes through {@link ReportReader} as usual. A one-hour eight-GPU run costs 9 MB of arrays, not a tree of
 * its 576,000 samples.
 */
final class RunSummaryReader {
    private static final ObjectMapper MAPPER = SafeJson.mapper();

    private RunSummaryReader() {
    }

    static RunSummaryEntry read(Path file) throws ReportFormatException {
        ObjectNode light;
        List<GpuTimeline> timelines;
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
            timelines = List.of();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("gpu_timeline") && value == JsonToken.START_ARRAY) {
                    timelines = timelines(p);
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
        return new RunSummaryEntry(file.getFileName().toString(), file, r.model().name(),
                r.mode() == null ? null : r.mode().tag(), r.gpus().label(),
                r.startedAt(), peak(r, timelines), verdict(r), r.status(), null);
    }

    /** The timelines' samples as primitive arrays (16 bytes a sample), without the tree Jackson would build. */
    private static List<GpuTimeline> timelines(JsonParser p) throws IOException {
        List<GpuTimeline> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            int index = out.size();
            long[] times = new long[0];
            long[] used = new long[0];
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("index") && value == JsonToken.VALUE_NUMBER_INT) {
                    index = p.getIntValue();
                } else if (name.equals("elapsed_ms") && value == JsonToken.START_ARRAY) {
                    times = longs(p);
                } else if (name.equals("used_bytes") && value == JsonToken.START_ARRAY) {
                    used = longs(p);
                } else {
                    p.skipChildren();
                }
            }
            if (times.length == used.length) {
                out.add(new GpuTimeline(index, null, null, times, used));
            }
        }
        return out;
    }

    private static long[] longs(JsonParser p) throws IOException {
        long[] values = new long[1024];
        int n = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (n == values.length) {
                values = Arrays.copyOf(values, n * 2);
            }
            values[n++] = p.getValueAsLong();
        }
        return Arrays.copyOf(values, n);
    }

    /** The run's peak as the results view shows it: the account's, else {@link RunPeak}'s over the timelines. */
    private static Long peak(ProfileReport r, List<GpuTimeline> timelines) {
        if (r.account().peakBytes() != null) {
            return r.account().peakBytes();
        }
        return RunPeak.of(timelines, r.gpus().devices()).peakBytes();
    }

    static RunVerdict verdict(ProfileReport r) {
        switch (r.status()) {
            case FAILED:
                return RunVerdict.RUN_FAILED;
            case CANCELLED:
                return RunVerdict.CANCELLED;
            case INTERRUPTED:
                return RunVerdict.INTERRUPTED;
            default:
                break;
        }
        return MemoryComparison.of(r).filter(c -> c.judged())
                .map(c -> c.passed() ? RunVerdict.PASS : RunVerdict.FAIL)
                .orElse(RunVerdict.NONE);
    }
}
