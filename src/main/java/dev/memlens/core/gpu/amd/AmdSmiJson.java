package dev.memlens.core.gpu.amd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.units.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code amd-smi metric --mem-usage --json} output: a plain array of GPUs (ROCm 6) or {@code {"gpu_data": [...]}}
 * (ROCm 7). Values are {@code {"value": N, "unit": "MB"}} where "MB" is really MiB, or the string "N/A".
 */
public final class AmdSmiJson {
    private AmdSmiJson() {
    }

    /** The GPU entries of either shape. */
    public static List<JsonNode> gpuEntries(JsonNode root) {
        JsonNode array = root.isArray() ? root : root.path("gpu_data");
        List<JsonNode> entries = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(entries::add);
        }
        return entries;
    }

    /** True when the JSON looks like amd-smi output. */
    public static boolean looksLikeAmdSmi(JsonNode root) {
        List<JsonNode> entries = gpuEntries(root);
        return !entries.isEmpty() && entries.get(0).has("gpu");
    }

    /**
     * @param names GPU names by index (from {@code amd-smi static --asic}); may be empty
     * @param uuids GPU UUIDs by index (from {@code amd-smi list}); may be empty
     */
    public static List<GpuSample> samples(JsonNode root, long fallbackTimestampMillis, Map<Integer, String> names,
                                          Map<Integer, String> uuids) {
        List<GpuSample> samples = new ArrayList<>();
        for (JsonNode gpu : gpuEntries(root)) {
            if (!gpu.path("gpu").canConvertToInt() && !gpu.path("gpu").isTextual()) {
                continue;
            }
            int index = gpu.path("gpu").asInt();
            JsonNode mem = gpu.path("mem_usage");
            Long used = mib(mem.path("used_vram"));
            if (used == null) {
                continue;
            }
            Long total = mib(mem.path("total_vram"));
            long ts = gpu.has("timestamp") ? timestampMillis(gpu.path("timestamp"), fallbackTimestampMillis)
                    : fallbackTimestampMillis;
            String name = text(gpu.path("asic").path("market_name"));
            if (name == null) {
                name = names.get(index);
            }
            String uuid = text(gpu.path("uuid"));
            if (uuid == null) {
                uuid = uuids.get(index);
            }
            Double util = number(gpu.path("usage").path("gfx_activity"));
            Double power = number(gpu.path("power").path("socket_power"));
            samples.add(GpuSample.of(ts, index, uuid, name, used, total, null,
                    util == null ? null : (int) Math.round(util), power));
        }
        return samples;
    }

    /** A {"value","unit"} memory figure in bytes ("MB" means MiB), or null for "N/A". */
    static Long mib(JsonNode node) {
        Double value = number(node);
        if (value == null) {
            return null;
        }
        String unit = node.path("unit").asText("MB");
        return switch (unit.toUpperCase(java.util.Locale.ROOT)) {
            case "B" -> Math.round(value);
            case "KB" -> Math.round(value * Bytes.KIB);
            case "GB" -> Math.round(value * Bytes.GIB);
            default -> Bytes.fromMib(value);
        };
    }

    /** The number of {"value": N} (number or numeric string) or a bare number; null for "N/A" and the like. */
    static Double number(JsonNode node) {
        JsonNode value = node.isObject() ? node.path("value") : node;
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isTextual()) {
            try {
                return Double.valueOf(value.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static String text(JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        String t = node.asText().trim();
        return t.isEmpty() || t.equalsIgnoreCase("N/A") ? null : t;
    }

    private static long timestampMillis(JsonNode node, long fallback) {
        if (node.isNumber()) {
            double v = node.asDouble();
            return v < 1e11 ? Math.round(v * 1000) : Math.round(v); // seconds or milliseconds since the epoch
        }
        return fallback;
    }
}
