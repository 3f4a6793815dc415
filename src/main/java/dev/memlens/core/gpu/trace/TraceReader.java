package dev.memlens.core.gpu.trace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memlens.core.gpu.amd.AmdSmiJson;
import dev.memlens.core.gpu.amd.RocmSmiJson;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Reads a recorded GPU trace in any supported format, detected from its content (not its name): our own sample CSV,
 * nvidia-smi CSV (with or without header and units), {@code nvidia-smi -q -x} XML, amd-smi JSON (array or
 * {"gpu_data"}), rocm-smi JSON, DCGM exporter text. Times without a zone (nvidia-smi prints local time) are read in
 * {@link #zone()}, UTC by default, so they print back unchanged.
 */
public final class TraceReader {
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

    public Trace read(Path file) throws TraceException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TraceException("trace file " + file + " does not exist: check the path");
        } catch (MalformedInputException e) {
            throw new TraceException(file + " is not a text trace (not UTF-8): give an nvidia-smi, amd-smi, rocm-smi, "
                    + "DCGM or memlens sample recording");
        } catch (IOException e) {
            throw new TraceException("could not read trace file " + file + ": " + e.getMessage());
        }
        return parse(file.getFileName().toString(), text);
    }

    /** Parses trace text; {@code fileName} is only used in messages. */
    public Trace parse(String fileName, String text) throws TraceException {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        TraceFormat format = detect(fileName, body);
        List<String> lines = body.lines().toList();
        return switch (format) {
            case MEMLENS_SAMPLE_CSV -> SampleCsv.parse(fileName, lines);
            case NVIDIA_SMI_CSV -> NvidiaCsvTraceParser.parse(fileName, lines, zone);
            case NVIDIA_SMI_XML -> NvidiaXmlTraceParser.parse(fileName, body, zone);
            case DCGM_EXPORTER -> DcgmTraceParser.parse(fileName, lines);
            case AMD_SMI_JSON, ROCM_SMI_JSON ->
                    JsonTraceParser.parse(fileName, format, JsonTraceParser.documents(fileName, body));
            case PROMETHEUS -> throw new IllegalStateException("Prometheus series are read from a server, not a file");
        };
    }

    /** The format of trace text, from its first meaningful line. */
    public TraceFormat detect(String fileName, String text) throws TraceException {
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
            List<JsonNode> documents = JsonTraceParser.documents(fileName, text);
            JsonNode root = documents.isEmpty() ? null : documents.get(0);
            if (root != null && AmdSmiJson.looksLikeAmdSmi(root)) {
                return TraceFormat.AMD_SMI_JSON;
            }
            if (root != null && RocmSmiJson.looksLikeRocmSmi(root)) {
                return TraceFormat.ROCM_SMI_JSON;
            }
            throw new TraceException(fileName + " is JSON but neither amd-smi output (a list of {\"gpu\": N, ...} or "
                    + "{\"gpu_data\": [...]}) nor rocm-smi output ({\"card0\": {...}})");
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
}
