package dev.memlens.core.estimate;

import java.util.Locale;

/** The inference engine whose memory behaviour an estimate follows. */
public enum Engine {
    TRANSFORMERS("transformers"),
    VLLM("vllm");

    private final String tag;

    Engine(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    public static Engine parse(String text) {
        for (Engine e : values()) {
            if (e.tag.equals(text.trim().toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown engine '" + text + "': use transformers or vllm");
    }
}
