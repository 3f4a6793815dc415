package dev.memlens.core.vllm;

import java.util.Optional;

/**
 * Recognises one tqdm progress segment (the text between carriage returns). Two shapes occur in vLLM output:
 * the default bar {@code "Bench iterations:  40%|████      | 12/30 [00:05<00:07,  2.4it/s]"} and vLLM's
 * weight-loading bar {@code "Loading safetensors checkpoint shards:  50% Completed | 2/4 [00:01<00:01,  1.9it/s]"}.
 * Parsed by hand: progress lines can be most of a long log, and a backtracking regex was the parser's hot spot.
 */
public final class TqdmProgress {
    private static final String COMPLETED = "% Completed |";

    private TqdmProgress() {
    }

    /** Cheap check before parsing: every tqdm bar prints "%|" or "% Completed |". */
    public static boolean looksLikeProgress(String segment) {
        return segment.indexOf("%|") >= 0 || segment.indexOf(COMPLETED) >= 0;
    }

    public static Optional<ProgressEvent> parse(String segment) {
        int percent = segment.indexOf("%|");
        int afterBar;
        if (percent >= 0) {
            int barEnd = segment.indexOf('|', percent + 2);
            if (barEnd < 0) {
                return Optional.empty();
            }
            afterBar = barEnd + 1;
        } else {
            percent = segment.indexOf(COMPLETED);
            if (percent < 0) {
                return Optional.empty();
            }
            afterBar = percent + COMPLETED.length();
        }
        int digitsStart = percent;
        while (digitsStart > 0 && Character.isDigit(segment.charAt(digitsStart - 1))) {
            digitsStart--;
        }
        if (digitsStart == percent) {
            return Optional.empty();
        }
        String description = segment.substring(0, digitsStart).strip();
        if (description.endsWith(":")) {
            description = description.substring(0, description.length() - 1).strip();
        }
        int i = afterBar;
        while (i < segment.length() && segment.charAt(i) == ' ') {
            i++;
        }
        int slash = segment.indexOf('/', i);
        if (slash <= i) {
            return Optional.empty();
        }
        int end = slash + 1;
        while (end < segment.length() && Character.isDigit(segment.charAt(end))) {
            end++;
        }
        try {
            long current = Long.parseLong(segment.substring(i, slash));
            long total = Long.parseLong(segment.substring(slash + 1, end));
            return Optional.of(new ProgressEvent(description, current, total));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
