package dev.memlens.core.vllm.log;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads "Initializing a V1 LLM engine (v0.19.0) with config: model='m', dtype=torch.bfloat16, ..." (V1) and
 * "Initializing an LLM engine (v0.6.3) with config: ..." (V0). The entries are split at top-level commas only:
 * values such as compilation_config hold nested dicts, lists and parentheses.
 */
final class EngineConfigParser {
    static final String MARKER = "LLM engine (";
    private static final Pattern HEAD = Pattern.compile("Initializing an? (?:V\\d )?LLM engine \\(v?([^)]*)\\) with config: ");

    private EngineConfigParser() {
    }

    static Optional<EngineConfig> parse(String message) {
        int at = message.indexOf("Initializing a");
        Matcher m = HEAD.matcher(message);
        if (at < 0 || !m.region(at, message.length()).lookingAt()) {
            return Optional.empty();
        }
        Map<String, String> entries = entries(message.substring(m.end()));
        return Optional.of(new EngineConfig(m.group(1).trim(), entries.get("model"), entries.get("dtype"),
                longOrNull(entries.get("max_seq_len")), intOrNull(entries.get("tensor_parallel_size")),
                intOrNull(entries.get("pipeline_parallel_size")), entries.get("quantization"),
                entries.get("kv_cache_dtype"), boolOrNull(entries.get("enforce_eager")), entries.get("load_format"),
                entries));
    }

    /** Scalar top-level entries; nested structures (dicts, lists, XxxConfig(...)) are left out. */
    static Map<String, String> entries(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ',';
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '\'', '"' -> quote = c;
                case '(', '[', '{', '<' -> depth++;
                case ')', ']', '}', '>' -> depth = Math.max(0, depth - 1);
                case ',' -> {
                    if (depth == 0 && (i == text.length() || i + 1 >= text.length() || text.charAt(i + 1) == ' ')) {
                        put(out, text.substring(start, Math.min(i, text.length())).trim());
                        start = i + 1;
                    }
                }
                default -> {
                }
            }
        }
        return out;
    }

    private static void put(Map<String, String> out, String entry) {
        int eq = entry.indexOf('=');
        if (eq <= 0) {
            return;
        }
        String key = entry.substring(0, eq).trim();
        String value = entry.substring(eq + 1).trim();
        if (value.startsWith("{") || value.startsWith("[") || isConstructorCall(value)) {
            return;
        }
        if (value.length() >= 2 && (value.charAt(0) == '\'' || value.charAt(0) == '"')
                && value.charAt(value.length() - 1) == value.charAt(0)) {
            value = value.substring(1, value.length() - 1);
        }
        out.put(key, value);
    }

    /** "DecodingConfig(backend='auto', ...)": a nested object, not a scalar. */
    private static boolean isConstructorCall(String value) {
        int paren = value.indexOf('(');
        if (paren <= 0 || !value.endsWith(")")) {
            return false;
        }
        for (int i = 0; i < paren; i++) {
            char c = value.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '_' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static Long longOrNull(String s) {
        try {
            return s == null ? null : Long.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer intOrNull(String s) {
        Long l = longOrNull(s);
        return l == null ? null : l.intValue();
    }

    private static Boolean boolOrNull(String s) {
        return s == null ? null : Boolean.valueOf(s.equalsIgnoreCase("true"));
    }
}
