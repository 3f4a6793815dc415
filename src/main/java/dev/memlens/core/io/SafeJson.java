package dev.memlens.core.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Jackson setup for JSON that users hand to MemLens (reports, traces): limits far below Jackson's defaults but far
 * above any real report, so a hostile file is refused with a one-line message instead of a stack trace, and the
 * message for any JSON problem names the file, the line and column and what to do.
 */
public final class SafeJson {
    /** MemLens and the seed scripts nest a handful of levels; 200 leaves room for any tool's output. */
    public static final int MAX_NESTING = 200;
    /** A long byte count has 19 digits; a figure with a long fraction stays far below this. */
    public static final int MAX_NUMBER_LENGTH = 100;
    /** Longest string value (a model path, a log excerpt): 8 Mi characters. */
    public static final int MAX_STRING_LENGTH = 8 << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING)
                    .maxNumberLength(MAX_NUMBER_LENGTH).maxStringLength(MAX_STRING_LENGTH).build())
            .build());

    private SafeJson() {
    }

    /** The shared, thread-safe reader with the limits. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** One line: where in {@code fileLabel} the JSON is wrong and what to do. */
    public static String describe(String fileLabel, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String original = e.getOriginalMessage() == null ? e.getClass().getSimpleName()
                : e.getOriginalMessage().lines().findFirst().orElse("");
        if (e instanceof StreamConstraintsException) {
            return fileLabel + ": the JSON" + where + " is past MemLens's limits (" + limitOf(original)
                    + "): this is not a report MemLens or the profiling scripts wrote; check the file";
        }
        return fileLabel + ": not valid JSON" + where + " (" + original + "). The file may be truncated or not a report.";
    }

    private static String limitOf(String jacksonMessage) {
        String m = jacksonMessage.toLowerCase(java.util.Locale.ROOT);
        if (m.contains("nesting")) {
            return "nested deeper than " + MAX_NESTING + " levels";
        }
        if (m.contains("number")) {
            return "a number longer than " + MAX_NUMBER_LENGTH + " characters";
        }
        if (m.contains("string")) {
            return "a text value longer than " + MAX_STRING_LENGTH + " characters";
        }
        return jacksonMessage;
    }
}
