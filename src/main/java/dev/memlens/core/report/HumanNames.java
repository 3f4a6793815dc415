package dev.memlens.core.report;

import java.util.Locale;
import java.util.Set;

/**
 * The one owner of the human names the app, the CLI and the HTML report show: memory components ("Model weights",
 * "KV cache"), run phases ("KV allocation", "Warm-up") and latency statistics ("Time to first token (TTFT)", "p99",
 * "Mean") rather than raw keys such as {@code kv-allocation} or {@code pitl_50}. The enums' display names ask here.
 */
public final class HumanNames {
    public static final String END_TO_END = "End-to-end latency (E2E)";
    public static final String TIME_TO_FIRST_TOKEN = "Time to first token (TTFT)";
    public static final String INTER_TOKEN = "Inter-token latency (ITL)";
    public static final String MEAN = "Mean";
    public static final String STD = "Std dev";
    public static final String TOKENS_PER_SECOND = "Output tokens per second";
    public static final String TOTAL = "Total";

    /** Words a phase tag spells in lower case that people write in capitals. */
    private static final Set<String> ACRONYMS = Set.of("kv", "cuda", "nccl", "gpu", "api", "hf", "ttft", "itl");

    private HumanNames() {
    }

    /** "50" → "p50", "99.9" → "p99.9"; anything else unchanged. */
    public static String percentile(String key) {
        String k = key.trim();
        try {
            Double.parseDouble(k);
            return "p" + k;
        } catch (NumberFormatException e) {
            return k.toLowerCase(Locale.ROOT);
        }
    }

    /** The calculator's four components (sentence case, as the account's items). */
    public static String component(MemoryComponent c) {
        return switch (c) {
            case WEIGHTS -> "Model weights";
            case KV_CACHE -> "KV cache";
            case ACTIVATIONS -> "Activations";
            case FRAMEWORK_OVERHEAD -> "Framework overhead";
        };
    }

    /** The memory account's items. */
    public static String component(AccountComponent c) {
        return switch (c) {
            case WEIGHTS -> component(MemoryComponent.WEIGHTS);
            case KV_CACHE -> component(MemoryComponent.KV_CACHE);
            case ACTIVATIONS -> component(MemoryComponent.ACTIVATIONS);
            case CUDA_GRAPHS -> "CUDA graphs";
            case NON_TORCH -> "Non-torch (CUDA context, NCCL, cuBLAS)";
            case ALLOCATOR_RESERVE -> "Allocator reserve";
            case OTHER_PROCESSES -> "Other processes";
            case UNATTRIBUTED -> "Unattributed";
        };
    }

    /**
     * A phase as reports tag it ({@code kv-allocation}, {@code warmup}, the original scripts' {@code model_loading})
     * → "KV allocation", "Warm-up", "Model loading".
     */
    public static String phase(String tag) {
        String t = tag == null ? "" : tag.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        if (t.isEmpty()) {
            return "—";
        }
        if (t.equals("warmup") || t.equals("warm-up")) {
            return "Warm-up";
        }
        StringBuilder out = new StringBuilder();
        for (String word : t.split("-+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append(' ');
            }
            if (ACRONYMS.contains(word)) {
                out.append(word.toUpperCase(Locale.ROOT));
            } else if (out.isEmpty()) {
                out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            } else {
                out.append(word);
            }
        }
        return out.toString();
    }
}
