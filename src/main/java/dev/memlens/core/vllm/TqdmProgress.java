package dev.memlens.core.vllm;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises one tqdm progress segment (the text between carriage returns). Two shapes occur in vLLM output:
 * the default bar {@code "Bench iterations:  40%|████      | 12/30 [00:05<00:07,  2.4it/s]"} and vLLM's
 * weight-loading bar {@code "Loading safetensors checkpoint shards:  50% Completed | 2/4 [00:01<00:01,  1.9it/s]"}.
 */
public final class TqdmProgress {
    private static final Pattern BAR = Pattern.compile("^\\s*(.*?):?\\s+\\d{1,3}%(?:\\||\\s+Completed\\s+\\|)[^|]*?\\|?\\s*(\\d+)/(\\d+)\\b");

    private TqdmProgress() {
    }

    /** Cheap check before the regex: every tqdm bar prints "%|" or "% Completed |". */
    public static boolean looksLikeProgress(String segment) {
        return segment.indexOf("%|") >= 0 || segment.indexOf("% Completed |") >= 0;
    }

    public static Optional<ProgressEvent> parse(String segment) {
        if (!looksLikeProgress(segment)) {
            return Optional.empty();
        }
        Matcher m = BAR.matcher(segment);
        if (!m.find()) {
            return Optional.empty();
        }
        String description = m.group(1).trim();
        if (description.endsWith(":")) {
            description = description.substring(0, description.length() - 1);
        }
        return Optional.of(new ProgressEvent(description, Long.parseLong(m.group(2)), Long.parseLong(m.group(3))));
    }
}
