package dev.memlens.core.vllm.log;

/**
 * Splits a cleaned log segment into process prefix, level and message without regular expressions (it runs on every
 * line of a possibly huge log). Handles both header styles:
 * {@code INFO 04-14 06:01:14 [gpu_model_runner.py:1273] msg} and the older {@code INFO 01-13 11:35:21 worker.py:241] msg}.
 */
final class LogLineSplitter {
    private static final String[] LEVELS = {"INFO", "DEBUG", "WARNING", "ERROR", "CRITICAL", "WARN"};
    /** Header text before "] " is short; a longer search would scan messages. */
    private static final int MAX_HEADER = 160;

    private LogLineSplitter() {
    }

    static LogLine split(String s) {
        int i = 0;
        String process = null;
        if (s.startsWith("(")) {
            int close = s.indexOf(')');
            if (close > 1 && close < 120) {
                process = s.substring(1, close);
                i = close + 1;
                while (i < s.length() && s.charAt(i) == ' ') {
                    i++;
                }
            }
        }
        String level = null;
        String message = s.substring(i);
        for (String candidate : LEVELS) {
            if (s.startsWith(candidate, i) && s.length() > i + candidate.length()
                    && s.charAt(i + candidate.length()) == ' '
                    && s.length() > i + candidate.length() + 1
                    && Character.isDigit(s.charAt(i + candidate.length() + 1))) {
                int end = s.indexOf("] ", i);
                if (end > 0 && end - i < MAX_HEADER) {
                    level = candidate;
                    message = s.substring(end + 2);
                } else if (s.endsWith("]") && s.length() - i < MAX_HEADER) {
                    level = candidate;
                    message = "";
                }
                break;
            }
        }
        return new LogLine(process, process == null ? null : rankOf(process), process == null ? null : pidOf(process),
                level, message);
    }

    /** "rank=1", "Worker_TP1", "VllmWorker TP1", "Worker_TP1_EP1" name the tensor-parallel rank. */
    static Integer rankOf(String process) {
        int r = process.indexOf("rank=");
        if (r >= 0) {
            return digitsAt(process, r + 5);
        }
        int tp = process.indexOf("TP");
        while (tp >= 0) {
            boolean boundary = tp == 0 || process.charAt(tp - 1) == '_' || process.charAt(tp - 1) == ' ';
            Integer n = digitsAt(process, tp + 2);
            if (boundary && n != null) {
                return n;
            }
            tp = process.indexOf("TP", tp + 2);
        }
        return null;
    }

    static String pidOf(String process) {
        int p = process.indexOf("pid=");
        if (p < 0) {
            return null;
        }
        int end = p + 4;
        while (end < process.length() && Character.isDigit(process.charAt(end))) {
            end++;
        }
        return end > p + 4 ? process.substring(p + 4, end) : null;
    }

    private static Integer digitsAt(String s, int start) {
        int end = start;
        while (end < s.length() && Character.isDigit(s.charAt(end)) && end - start < 6) {
            end++;
        }
        return end > start ? Integer.parseInt(s.substring(start, end)) : null;
    }
}
