package dev.memlens.core.report;

import java.util.Locale;
import java.util.Map;
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
    /** The calculated total the calculator gave without splitting it (all of it, or what its components leave). */
    public static final String CALCULATED_TOTAL = "Calculated total";
    public static final String NOT_SPLIT = "Not split by the calculator";

    /** Words a phase tag spells in lower case that people write in capitals. */
    private static final Set<String> ACRONYMS = Set.of("kv", "cuda", "nccl", "gpu", "api", "hf", "ttft", "itl",
            "url", "e2e", "tp", "pp", "id");

    /** Run parameters by the key reports and engines spell them (snake case, dashes dropped). */
    private static final Map<String, String> PARAMETERS = Map.ofEntries(
            Map.entry("input_len", "Input length"),
            Map.entry("output_len", "Output length"),
            Map.entry("batch_size", "Batch size"),
            Map.entry("dtype", "dtype"),
            Map.entry("tensor_parallel_size", "Tensor parallel size"),
            Map.entry("quantization", "Quantization"),
            Map.entry("kv_cache_dtype", "KV cache dtype"),
            Map.entry("num_iters_warmup", "Warm-up iterations"),
            Map.entry("num_iters", "Iterations"),
            Map.entry("max_model_len", "Max model length"),
            Map.entry("gpu_memory_utilization", "GPU memory utilization"),
            Map.entry("enforce_eager", "Enforce eager"),
            Map.entry("api_url", "API URL"),
            Map.entry("endpoint", "Endpoint"),
            Map.entry("load_format", "Load format"),
            Map.entry("trust_remote_code", "Trust remote code"),
            Map.entry("extra_engine_args", "Extra engine arguments"),
            Map.entry("vllm_command", "vLLM command"),
            Map.entry("host", "Host"),
            Map.entry("prompt", "Prompt"),
            Map.entry("wall_seconds", "Wall time (s)"),
            Map.entry("output_tokens_per_second", TOKENS_PER_SECOND));

    private HumanNames() {
    }

    /**
     * A run parameter or statistic key as a person reads it: {@code --max-model-len} or {@code max_model_len} →
     * "Max model length", {@code api_url} → "API URL"; a key not known here in sentence case
     * ({@code block_size} → "Block size"), a percentile key with a prefix spelled out ({@code itl_50} → "ITL p50").
     */
    public static String parameter(String key) {
        String k = key == null ? "" : key.trim().replaceFirst("^-+", "").replace('-', '_').toLowerCase(Locale.ROOT);
        String known = PARAMETERS.get(k);
        if (known != null) {
            return known;
        }
        int cut = k.lastIndexOf('_');
        if (cut > 0 && isNumber(k.substring(cut + 1))) {
            return phase(k.substring(0, cut)) + " " + percentile(k.substring(cut + 1));
        }
        return k.isEmpty() ? "—" : phase(k);
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
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
