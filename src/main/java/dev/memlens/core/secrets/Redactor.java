package dev.memlens.core.secrets;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one owner of secret redaction: a secret (an API key) is registered where it enters MemLens, and every text that
 * MemLens writes or prints passes {@link #redact(String)} on its way out (the CLI's stdout and stderr, files written
 * through {@code AtomicFiles}, the run journal, texts a server sends back). Besides the value itself, its JSON-escaped
 * and URL-encoded spellings are masked, since servers echo keys in those forms too.
 */
public final class Redactor {
    public static final String MASK = "[redacted]";
    /** Shorter values would mask ordinary words; no real API key is this short. */
    static final int SHORTEST_SECRET = 4;

    private static final Set<String> SPELLINGS = ConcurrentHashMap.newKeySet();
    private static volatile List<String> longestFirst = List.of();

    private Redactor() {
    }

    /** Remembers a secret for the life of the process; null, blank or very short values are ignored. */
    public static void register(String secret) {
        if (secret == null || secret.strip().length() < SHORTEST_SECRET) {
            return;
        }
        String value = secret.strip();
        boolean added = SPELLINGS.add(value);
        added |= SPELLINGS.add(jsonEscaped(value));
        added |= SPELLINGS.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
        if (added) {
            longestFirst = SPELLINGS.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        }
    }

    /** The text with every registered secret replaced by {@link #MASK}; null stays null. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        List<String> secrets = longestFirst;
        String out = text;
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    /** Whether any secret is registered: writers skip the work otherwise. */
    public static boolean active() {
        return !longestFirst.isEmpty();
    }

    private static String jsonEscaped(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '/' -> out.append("\\/");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.toString();
    }
}
