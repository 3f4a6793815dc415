package dev.memlens.core.hf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Turns the profiler script's stdout lines into {@link HfEvent}s. Lines that are not JSON objects with a known
 * "event" (library warnings printed to stdout, say) give empty: the caller keeps them as log lines.
 */
public final class HfEventParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    public Optional<HfEvent> parse(String line) {
        String trimmed = line.strip();
        if (!trimmed.startsWith("{")) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = JSON.readTree(trimmed);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        return switch (node.path("event").asText("")) {
            case "environment" -> Optional.of(new HfEvent.Environment(text(node, "python"), text(node, "torch"),
                    text(node, "transformers"), text(node, "cuda"), text(node, "device"), text(node, "device_name"),
                    node.path("device_total_bytes").asLong(-1), node.path("device_count").asInt(0)));
            case "phase" -> HfPhase.fromWire(node.path("phase").asText()).map(phase -> phase(phase, node));
            case "model" -> Optional.of(new HfEvent.ModelInfo(text(node, "name"), node.path("random_weights").asBoolean(),
                    node.path("num_parameters").asLong(-1), node.path("parameter_bytes").asLong(-1), text(node, "dtype"),
                    JSON.convertValue(node.path("config").isObject() ? node.get("config") : JSON.createObjectNode(),
                            new TypeReference<Map<String, Object>>() { })));
            case "done" -> Optional.of(new HfEvent.Done(node.path("total_seconds").asDouble(Double.NaN)));
            case "error" -> Optional.of(new HfEvent.Failure(HfFailureKind.fromWire(node.path("kind").asText()),
                    text(node, "message"), optionalText(node, "module"), optionalText(node, "fix"),
                    node.has("allocated") ? Optional.of(allocator(node)) : Optional.empty()));
            default -> Optional.empty();
        };
    }

    private static HfEvent phase(HfPhase phase, JsonNode node) {
        return new HfEvent.Phase(phase, node.path("t").asDouble(Double.NaN), node.path("elapsed_s").asDouble(Double.NaN),
                allocator(node), optionalDouble(node, "load_seconds"), optionalInt(node, "batch_size"),
                optionalInt(node, "prompt_tokens"), optionalDouble(node, "time_to_first_token_s"),
                optionalInt(node, "generated_tokens"), optionalDouble(node, "generate_seconds"),
                optionalDouble(node, "decode_tokens_per_second"), optionalLong(node, "kv_cache_bytes"));
    }

    private static OptionalLong optionalLong(JsonNode node, String field) {
        return node.hasNonNull(field) && node.get(field).canConvertToLong() ? OptionalLong.of(node.get(field).asLong())
                : OptionalLong.empty();
    }

    private static TorchAllocatorFigures allocator(JsonNode node) {
        long maxAllocated = node.path("max_allocated").asLong(0);
        return new TorchAllocatorFigures(node.path("allocated").asLong(0), node.path("reserved").asLong(0), maxAllocated,
                node.path("phase_max_allocated").asLong(maxAllocated));
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).asText("");
    }

    private static Optional<String> optionalText(JsonNode node, String field) {
        return node.hasNonNull(field) ? Optional.of(node.get(field).asText()) : Optional.empty();
    }

    private static OptionalDouble optionalDouble(JsonNode node, String field) {
        return node.hasNonNull(field) && node.get(field).isNumber() ? OptionalDouble.of(node.get(field).asDouble())
                : OptionalDouble.empty();
    }

    private static OptionalInt optionalInt(JsonNode node, String field) {
        return node.hasNonNull(field) && node.get(field).isNumber() ? OptionalInt.of(node.get(field).asInt())
                : OptionalInt.empty();
    }
}
