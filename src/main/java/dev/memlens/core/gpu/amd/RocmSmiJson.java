package dev.memlens.core.gpu.amd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.memlens.core.gpu.GpuSample;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@code rocm-smi --showmeminfo vram [--showuse --showproductname --showuniqueid] --json}: an object of
 * "cardN" entries whose values are all strings ("None" when a read failed); key spellings vary across versions, so
 * keys are matched case-insensitively.
 */
public final class RocmSmiJson {
    private RocmSmiJson() {
    }

    public static boolean looksLikeRocmSmi(JsonNode root) {
        Iterator<String> names = root.isObject() ? root.fieldNames() : java.util.Collections.emptyIterator();
        while (names.hasNext()) {
            if (names.next().matches("card\\d+")) {
                return true;
            }
        }
        return false;
    }

    public static List<GpuSample> samples(JsonNode root, long timestampMillis) {
        List<GpuSample> samples = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> cards = root.fields();
        while (cards.hasNext()) {
            Map.Entry<String, JsonNode> card = cards.next();
            if (!card.getKey().matches("card\\d+")) {
                continue;
            }
            int index = Integer.parseInt(card.getKey().substring(4));
            JsonNode values = card.getValue();
            Long used = bytes(find(values, "vram total used memory (b)"));
            if (used == null) {
                continue;
            }
            Long total = bytes(find(values, "vram total memory (b)"));
            String name = firstText(values, "card series", "card model", "device name");
            String uuid = firstText(values, "unique id", "guid");
            Double util = number(find(values, "gpu use (%)"));
            Double power = number(find(values, "average graphics package power (w)"));
            if (power == null) {
                power = number(find(values, "current socket graphics package power (w)"));
            }
            samples.add(GpuSample.of(timestampMillis, index, uuid, name, used, total, null,
                    util == null ? null : (int) Math.round(util), power));
        }
        return samples;
    }

    private static JsonNode find(JsonNode object, String lowerKey) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().trim().toLowerCase(Locale.ROOT).equals(lowerKey)) {
                return field.getValue();
            }
        }
        return null;
    }

    private static String firstText(JsonNode object, String... lowerKeys) {
        for (String key : lowerKeys) {
            JsonNode node = find(object, key);
            String text = node == null ? null : AmdSmiJson.text(node);
            if (text != null && !text.equalsIgnoreCase("None")) {
                return text;
            }
        }
        return null;
    }

    private static Long bytes(JsonNode node) {
        Double value = number(node);
        return value == null ? null : Math.round(value);
    }

    private static Double number(JsonNode node) {
        return node == null ? null : AmdSmiJson.number(node);
    }
}
