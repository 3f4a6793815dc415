package dev.memlens.core.model;

import java.util.Locale;

/** Sizes of the dtype names found in config.json, safetensors headers and on the command line. */
public final class DTypes {
    private DTypes() {
    }

    /** Canonical name: float16, bfloat16, float32, fp8; "auto"/null stays null. */
    public static String normalize(String name) {
        if (name == null) {
            return null;
        }
        String t = name.trim().toLowerCase(Locale.ROOT).replace("torch.", "");
        return switch (t) {
            case "auto", "" -> null;
            case "float16", "fp16", "half", "f16" -> "float16";
            case "bfloat16", "bf16" -> "bfloat16";
            case "float32", "fp32", "float", "f32" -> "float32";
            case "fp8", "fp8_e4m3", "fp8_e5m2", "float8_e4m3fn", "float8_e5m2", "f8_e4m3", "f8_e5m2" -> "fp8";
            case "int8", "i8" -> "int8";
            default -> throw new IllegalArgumentException("unknown dtype '" + name
                    + "': use float16, bfloat16, float32 or fp8");
        };
    }

    public static int bytes(String name) {
        String n = normalize(name);
        if (n == null) {
            throw new IllegalArgumentException("dtype 'auto' has no size: resolve it against the model first");
        }
        return switch (n) {
            case "float32" -> 4;
            case "fp8", "int8" -> 1;
            default -> 2;
        };
    }

    /** Element size of a safetensors header dtype (F16, BF16, F32, I32, U8, F8_E4M3, ...). */
    public static int safetensorsBytes(String dtype) {
        return switch (dtype.toUpperCase(Locale.ROOT)) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            default -> 1;
        };
    }
}
