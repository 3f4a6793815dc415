package dev.memlens.core.vllm.log;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Recognises vLLM's memory-related start-up failures and words the advice, using the numbers vLLM printed. */
final class FailureDetector {
    private static final Pattern TRIED_TO_ALLOCATE = Pattern.compile("Tried to allocate ([\\d.]+ ?[GMK]i?B)");
    private static final Pattern MAX_SEQ_LEN = Pattern.compile("max seq len \\((\\d+)\\)");
    private static final Pattern ESTIMATED_MAX_LEN = Pattern.compile("estimated maximum model length is (\\d+)");
    private static final Pattern V0_KV_TOKENS = Pattern.compile("stored in KV cache \\((\\d+)\\)");
    /** Newer versions name the device ("on device cuda:1 (19.77/22.05 GiB)"), older ones do not. */
    private static final Pattern FREE_ON_STARTUP = Pattern.compile("Free memory on device (?:(\\S+) )?\\(([\\d.]+)/([\\d.]+) GiB\\)"
            + " on startup is less than desired GPU memory utilization \\(([\\d.]+), ([\\d.]+) GiB\\)");

    private static final Pattern EXCEPTION_NAME = Pattern.compile("(?:^|\\s)[\\w.]*(?:Error|Exception): ");

    /** Where the rank was when an OOM hit, which decides the advice. */
    enum Phase { LOADING, PROFILING, RUNNING }

    private FailureDetector() {
    }

    /** Cheap pre-check so that most lines skip the detector. */
    static boolean mayBeFailure(String message) {
        return message.indexOf("out of memory") >= 0 || message.indexOf("OutOfMemoryError") >= 0
                || message.indexOf("not enough GPU memory") >= 0 || message.indexOf("No available memory") >= 0
                || message.indexOf("max seq len") >= 0 || message.indexOf("on startup is less than") >= 0;
    }

    static Optional<Found> detect(String message, Phase phase) {
        String m = trimExceptionName(message.strip());
        if (m.contains("Failed to load model - not enough GPU memory")) {
            return found(FailureKind.MODEL_LOAD_NOT_ENOUGH_MEMORY, m,
                    "The model weights do not fit in GPU memory. Lower --gpu-memory-utilization if it leaves too little"
                            + " for the weights, spread the model over more GPUs with --tensor-parallel-size, or use a"
                            + " quantized model (--quantization).");
        }
        if (m.contains("CUDA out of memory") || m.contains("OutOfMemoryError")) {
            Matcher a = TRIED_TO_ALLOCATE.matcher(m);
            String tried = a.find() ? " (it tried to allocate " + a.group(1) + ")" : "";
            return switch (phase) {
                case LOADING -> found(FailureKind.CUDA_OOM_DURING_LOAD, m,
                        "CUDA ran out of memory while loading the weights" + tried + ". The model does not fit: use more"
                                + " GPUs (--tensor-parallel-size), a quantized model (--quantization), or free the memory"
                                + " other processes hold (see nvidia-smi).");
                case PROFILING -> found(FailureKind.CUDA_OOM_DURING_PROFILING, m,
                        "CUDA ran out of memory during vLLM's profiling forward pass" + tried + ". Lower"
                                + " --max-num-batched-tokens or --max-num-seqs (smaller activation peak), lower"
                                + " --max-model-len, or use more GPUs (--tensor-parallel-size).");
                case RUNNING -> found(FailureKind.CUDA_OOM, m,
                        "CUDA ran out of memory after the KV cache was allocated" + tried + ". Lower"
                                + " --gpu-memory-utilization to leave headroom for CUDA graphs and other allocations"
                                + " outside vLLM's budget, or add --enforce-eager to skip CUDA graphs.");
            };
        }
        if (m.contains("No available memory for the cache blocks")) {
            return found(FailureKind.NO_KV_CACHE_MEMORY, m,
                    "Weights and the activation peak use the whole gpu_memory_utilization budget, leaving nothing for the"
                            + " KV cache. Increase --gpu-memory-utilization, use more GPUs (--tensor-parallel-size), a"
                            + " quantized model, or lower --max-num-batched-tokens.");
        }
        if (m.contains("max seq len") && m.contains("KV cache")) {
            Matcher len = MAX_SEQ_LEN.matcher(m);
            String requested = len.find() ? len.group(1) : null;
            Matcher est = ESTIMATED_MAX_LEN.matcher(m);
            Matcher v0 = V0_KV_TOKENS.matcher(m);
            String suggested = est.find() ? est.group(1) : v0.find() ? v0.group(1) : null;
            String advice = "The KV cache cannot hold one request of the maximum model length"
                    + (requested == null ? "" : " (" + requested + " tokens)") + ". "
                    + (suggested == null ? "Lower --max-model-len" : "Set --max-model-len " + suggested
                    + " or lower (vLLM's estimate of what fits)")
                    + ", or increase --gpu-memory-utilization or --tensor-parallel-size to make room for a longer context.";
            return found(FailureKind.MAX_MODEL_LEN_TOO_LONG, m, advice);
        }
        Matcher free = FREE_ON_STARTUP.matcher(m);
        if (free.find()) {
            double freeGib = Double.parseDouble(free.group(2));
            double totalGib = Double.parseDouble(free.group(3));
            String fits = totalGib > 0 ? String.format(Locale.ROOT, "%.2f", Math.floor(freeGib / totalGib * 100) / 100) : "?";
            String device = free.group(1) == null ? "" : " on " + free.group(1);
            return found(FailureKind.FREE_MEMORY_BELOW_UTILIZATION, m,
                    "Only " + free.group(2) + " of " + free.group(3) + " GiB were free" + device + " at start-up but "
                            + free.group(5) + " GiB (gpu_memory_utilization " + free.group(4) + ") were requested:"
                            + " another process holds GPU memory. Stop it (nvidia-smi lists it) or lower"
                            + " --gpu-memory-utilization to " + fits + " or less.");
        }
        return Optional.empty();
    }

    /**
     * "torch.OutOfMemoryError: CUDA out of memory." and "ValueError: No available..." keep only the text, also
     * behind what a CI wrapper put before it ("[2026-02-24T20:21:58Z] (EngineCore_DP0 pid=6940) ValueError: ...").
     */
    private static String trimExceptionName(String m) {
        Matcher name = EXCEPTION_NAME.matcher(m);
        if (name.find() && name.start() < 100) {
            return m.substring(name.end());
        }
        return m;
    }

    private static Optional<Found> found(FailureKind kind, String message, String advice) {
        String shortened = message.length() > 600 ? message.substring(0, 600) + "..." : message;
        return Optional.of(new Found(kind, shortened, advice));
    }

    record Found(FailureKind kind, String message, String advice) {
    }
}
