package dev.memlens.core.gpu.trace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memlens.core.gpu.amd.AmdSmiJson;
import dev.memlens.core.gpu.amd.RocmSmiJson;
import dev.memlens.core.io.InputFiles;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a recorded GPU trace in any supported format, detected from its content (not its name): our own sample CSV,
 * nvidia-smi CSV (with or without header and units), {@code nvidia-smi -q -x} XML, amd-smi JSON (array or
 * {"gpu_data"}), rocm-smi JSON, DCGM exporter text. Times without a zone (nvidia-smi prints local time) are read in
 * {@link #zone()}, UTC by default, so they print back unchanged.
 *
 * <p>The line formats (nvidia-smi CSV, the sample CSV) are streamed: {@link #summarize(Path)} holds one entry per GPU
 * whatever the file's size. The document formats (XML, JSON, DCGM text) are read whole, up to
 * {@link #MAX_DOCUMENT_BYTES}. Only regular files are opened: a FIFO or device is refused instead of blocking.
 */
public final class TraceReader {
    /** Document formats past this are refused: real snapshots and scrapes are kilobytes to a few megabytes. */
    public static final long MAX_DOCUMENT_BYTES = 256L << 20;
    /** How much of the start of a file format detection looks at. */
    private static final int DETECTION_BYTES = 64 << 10;

    private final ZoneId zone;

    public TraceReader() {
        this(ZoneOffset.UTC);
    }

    public TraceReader(ZoneId zone) {
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The whole trace, every event in memory (for replays and small files; use {@link #summarize} for figures). */
    public Trace read(Path file) throws TraceException {
        List<TraceEvent> events = new ArrayList<>();
        TraceInfo info = scan(file, events::add);
        return new Trace(info.format(), events, info.realTimestamps(), info.warnings());
    }

    /** Per-GPU figures of a trace of any size, streamed. */
    public TraceSummary summarize(Path file) throws TraceException {
        TraceSummary.Builder builder = new TraceSummary.Builder();
        return builder.build(scan(file, builder));
    }

    /** Parses trace text; {@code fileName} is only used in messages. */
    public Trace parse(String fileName, String text) throws TraceException {
        List<TraceEvent> events = new ArrayList<>();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        TraceInfo info;
        try {
            info = scan(fileName, new ByteArrayInputStream(bytes), bytes.length, events::add);
        } catch (IOException e) {
            throw new TraceException(fileName + ": " + e.getMessage(), e);
        }
        return new Trace(info.format(), events, info.realTimestamps(), info.warnings());
    }

    private TraceInfo scan(Path file, TraceSink sink) throws TraceException {
        try {
            InputFiles.checkReadable(file, "trace");
            try (InputStream in = Files.newInputStream(file)) {
                return scan(file.getFileName().toString(), in, Files.size(file), sink);
            }
        } catch (InputFiles.UnreadableInputException e) {
            throw new TraceException(e.getMessage(), e);
        } catch (CharacterCodingException e) {
            throw new TraceException(file + " is not a text trace (not UTF-8): give an nvidia-smi, amd-smi, rocm-smi, "
                    + "DCGM or memlens sample recording", e);
        } catch (IOException e) {
            throw new TraceException("could not read trace file " + file + ": " + e.getMessage(), e);
        }
    }

    private TraceInfo scan(String fileName, InputStream raw, long size, TraceSink sink)
            throws TraceException, IOException {
        BufferedInputStream in = new BufferedInputStream(raw, DETECTION_BYTES);
        in.mark(DETECTION_BYTES);
        byte[] head = in.readNBytes(DETECTION_BYTES);
        in.reset();
        String start = decodeHead(head);
        TraceFormat format = detect(fileName, start, head.length < DETECTION_BYTES);
        switch (format) {
            case NVIDIA_SMI_CSV:
                return NvidiaCsvTraceParser.parse(fileName, in, zone, sink);
            case MEMLENS_SAMPLE_CSV: {
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)), 1 << 16);
                return SampleCsv.parse(fileName, lines, sink);
            }
            default:
                break;
        }
        if (size > MAX_DOCUMENT_BYTES) {
            throw new TraceException(fileName + " is a " + format.label() + " document of " + (size >> 20) + " MiB,"
                    + " more than MemLens reads (" + (MAX_DOCUMENT_BYTES >> 20) + " MiB): record a shorter one, or"
                    + " use nvidia-smi --query-gpu CSV or memlens sample for long recordings");
        }
        byte[] all = in.readNBytes((int) MAX_DOCUMENT_BYTES + 1);
        if (all.length > MAX_DOCUMENT_BYTES) {
            throw new TraceException(fileName + " is longer than " + (MAX_DOCUMENT_BYTES >> 20) + " MiB: record a"
                    + " shorter one");
        }
        String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(all)).toString();
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        Trace trace = switch (format) {
            case NVIDIA_SMI_XML -> NvidiaXmlTraceParser.parse(fileName, body, zone);
            case DCGM_EXPORTER -> DcgmTraceParser.parse(fileName, body.lines().toList());
            default -> JsonTraceParser.parse(fileName, format, JsonTraceParser.documents(fileName, body));
        };
        trace.events().forEach(sink::accept);
        return TraceInfo.of(trace);
    }

    /** The start of the file as text; a multi-byte character cut at the end of the window is dropped. */
    private static String decodeHead(byte[] head) throws CharacterCodingException {
        int end = head.length;
        for (int back = 0; back < 3 && end > 0 && (head[end - 1] & 0x80) != 0; back++) {
            end--; // at most a partial UTF-8 sequence; an error inside the window is still reported
        }
        String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(head, 0, end)).toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The format of trace text, from its first meaningful line. */
    public TraceFormat detect(String fileName, String text) throws TraceException {
        return detect(fileName, text, true);
    }

    private TraceFormat detect(String fileName, String text, boolean whole) throws TraceException {
        String first = text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        if (first.isEmpty()) {
            throw new TraceException(fileName + " is empty: nothing to read");
        }
        if (first.startsWith(SampleCsv.MAGIC)) {
            return TraceFormat.MEMLENS_SAMPLE_CSV;
        }
        if (first.startsWith("<?xml") || first.startsWith("<!DOCTYPE nvidia_smi_log") || first.startsWith("<nvidia_smi_log")) {
            return TraceFormat.NVIDIA_SMI_XML;
        }
        if (first.startsWith("{") || first.startsWith("[")) {
            return jsonFormat(fileName, text, whole);
        }
        if (text.contains("DCGM_FI_")) {
            return TraceFormat.DCGM_EXPORTER;
        }
        if (first.contains(", ")) {
            return TraceFormat.NVIDIA_SMI_CSV;
        }
        throw new TraceException(fileName + " is not a trace format MemLens knows (first line: \""
                + (first.length() > 80 ? first.substring(0, 80) + "..." : first) + "\"): give an nvidia-smi CSV or "
                + "XML, amd-smi or rocm-smi JSON, DCGM exporter text or a memlens sample CSV");
    }

    /** amd-smi or rocm-smi, from the first document (whole when the window holds the file, else its key names). */
    private static TraceFormat jsonFormat(String fileName, String text, boolean whole) throws TraceException {
        if (!whole) {
            if (text.contains("\"gpu_data\"") || text.contains("\"gpu\"")) {
                return TraceFormat.AMD_SMI_JSON;
            }
            if (text.contains("\"card")) {
                return TraceFormat.ROCM_SMI_JSON;
            }
        } else {
            List<JsonNode> documents = JsonTraceParser.documents(fileName, text);
            JsonNode root = documents.isEmpty() ? null : documents.get(0);
            if (root != null && AmdSmiJson.looksLikeAmdSmi(root)) {
                return TraceFormat.AMD_SMI_JSON;
            }
            if (root != null && RocmSmiJson.looksLikeRocmSmi(root)) {
                return TraceFormat.ROCM_SMI_JSON;
            }
        }
        throw new TraceException(fileName + " is JSON but neither amd-smi output (a list of {\"gpu\": N, ...} or "
                + "{\"gpu_data\": [...]}) nor rocm-smi output ({\"card0\": {...}})");
    }
}
