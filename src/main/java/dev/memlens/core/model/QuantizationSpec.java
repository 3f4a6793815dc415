package dev.memlens.core.model;

import java.util.Locale;

/**
 * How linear-layer weights are stored: AWQ/GPTQ with {@code bits} and {@code groupSize}, fp8, int8, or none.
 * Embeddings and lm_head stay in the model dtype for AWQ/GPTQ.
 */
public record QuantizationSpec(String method, int bits, int groupSize) {
    public static final QuantizationSpec NONE = new QuantizationSpec("none", 16, 0);

    public QuantizationSpec {
        method = method.toLowerCase(Locale.ROOT);
    }

    public boolean isNone() {
        return method.equals("none");
    }

    /** Grouped integer formats that carry an fp16 scale and a packed zero point per group and output column. */
    public boolean isGrouped() {
        return groupSize > 0 && (method.equals("awq") || method.equals("gptq"));
    }

    /** Parses a --quantization value: none, awq, gptq (4-bit, group 128), fp8, int8, int4. */
    public static QuantizationSpec parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "none", "fp16", "bf16", "auto" -> NONE;
            case "awq", "gptq", "int4" -> new QuantizationSpec(t.equals("int4") ? "gptq" : t, 4, 128);
            case "fp8" -> new QuantizationSpec("fp8", 8, 0);
            case "int8", "w8a8" -> new QuantizationSpec("int8", 8, 0);
            default -> throw new IllegalArgumentException("unknown quantization '" + text
                    + "': use none, awq, gptq, int4, fp8 or int8");
        };
    }
}
