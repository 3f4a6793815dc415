package dev.memlens.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Exact weight bytes of a model directory without reading the weights: {@code metadata.total_size} of
 * model.safetensors.index.json, else the sum of the tensors listed in each *.safetensors header
 * (8-byte little-endian header length, then JSON; only the header is read).
 */
public final class SafetensorsSizes {
    /** A header larger than this is not a safetensors header. */
    private static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Found(long bytes, WeightSource source, Path from) {
    }

    private SafetensorsSizes() {
    }

    public static OptionalLong indexTotal(Path index) throws IOException {
        JsonNode total = JSON.readTree(index.toFile()).path("metadata").path("total_size");
        return total.canConvertToLong() ? OptionalLong.of(total.asLong()) : OptionalLong.empty();
    }

    /** Sum of data_offsets spans of all tensors in one file's header. */
    public static long headerBytes(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] len = in.readNBytes(8);
            if (len.length < 8) {
                throw new ModelSpecException(file + " is too short to be a safetensors file");
            }
            long headerLength = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES) {
                throw new ModelSpecException(file + " has a header length of " + headerLength
                        + " bytes: not a safetensors file");
            }
            JsonNode header = JSON.readTree(in.readNBytes((int) headerLength));
            long sum = 0;
            Iterator<Map.Entry<String, JsonNode>> fields = header.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                if (e.getKey().equals("__metadata__")) {
                    continue;
                }
                JsonNode offsets = e.getValue().path("data_offsets");
                if (offsets.size() != 2) {
                    throw new ModelSpecException(file + ": tensor '" + e.getKey() + "' has no data_offsets [begin, end]");
                }
                sum += offsets.get(1).asLong() - offsets.get(0).asLong();
            }
            return sum;
        }
    }

    /** Weight bytes found in a model directory, or empty when it holds no safetensors data. */
    public static java.util.Optional<Found> inDirectory(Path dir) throws IOException {
        Path index = dir.resolve("model.safetensors.index.json");
        if (Files.isRegularFile(index)) {
            OptionalLong total = indexTotal(index);
            if (total.isPresent()) {
                return java.util.Optional.of(new Found(total.getAsLong(), WeightSource.SAFETENSORS_INDEX, index));
            }
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.safetensors")) {
            ds.forEach(files::add);
        }
        if (files.isEmpty()) {
            return java.util.Optional.empty();
        }
        long sum = 0;
        for (Path f : files) {
            sum += headerBytes(f);
        }
        return java.util.Optional.of(new Found(sum, WeightSource.SAFETENSORS_HEADERS, dir));
    }
}
