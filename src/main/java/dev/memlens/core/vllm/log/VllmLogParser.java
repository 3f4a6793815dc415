package dev.memlens.core.vllm.log;

import dev.memlens.core.units.Bytes;
import dev.memlens.core.vllm.ProgressEvent;
import dev.memlens.core.vllm.TqdmProgress;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streaming parser of a vLLM start-up log (every format of {@link LogFormat}). Feed it line by line with
 * {@link #accept(String)} (a line may hold several tqdm segments separated by carriage returns, and ANSI colour
 * codes); the listener hears each figure as it is recognised and {@link #result()} gives the report so far.
 * Not thread-safe: one thread feeds it.
 *
 * <p>Ranks: a prefix such as {@code (VllmWorker rank=1 pid=..)} or {@code (Worker_TP1 pid=..)} names the rank;
 * V0 worker processes {@code (VllmWorkerProcess pid=..)} get ranks 1, 2, ... in order of appearance; everything
 * else (no prefix, the engine core, the API server) is rank 0.
 *
 * <p>Units: "GiB" converts with 2^30 and "GB" with 1e9, except V0's "Loading model weights took X GB", which vLLM
 * computes as bytes / 2^30 and mislabels.
 *
 * <p>Also read: the lines the original profiling scripts looked for ("Total GPU KV cache: N tokens (X GB)",
 * "Model weights: X GB", "Activations: X GB").
 */
public final class VllmLogParser {
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");
    private static final String NUM = "(-?[\\d.]+)";

    private static final Pattern MODEL_LOADING = Pattern.compile("Model loading took " + NUM + " ?(GiB|GB|MiB|MB)");
    private static final Pattern LOADING_WEIGHTS_V0 = Pattern.compile("Loading model weights took " + NUM + " ?GB");
    private static final Pattern V1_PROFILE = Pattern.compile("torch peak memory increase: " + NUM
            + " ?GiB; non-torch forward increase memory: " + NUM + " ?GiB; weights memory: " + NUM + " ?GiB");
    private static final Pattern SUMMARY_TOTAL = Pattern.compile("Free memory on device \\(" + NUM + "/" + NUM + " GiB\\)");
    private static final Pattern SUMMARY_UTIL = Pattern.compile("Desired GPU memory utilization is \\(" + NUM + ",");
    private static final Pattern SUMMARY_WEIGHTS = Pattern.compile(NUM + " GiB for weight\\b");
    private static final Pattern SUMMARY_ACTIVATION = Pattern.compile(NUM + " GiB for peak activation");
    private static final Pattern SUMMARY_NON_TORCH = Pattern.compile(NUM + " GiB for non-torch memory");
    private static final Pattern SUMMARY_CONSUMED = Pattern.compile(NUM + " GiB for consumed memory \\(weights \\+ non-torch\\)");
    private static final Pattern SUMMARY_GRAPHS = Pattern.compile(NUM + " GiB for CUDAGraph memory");
    private static final Pattern SUMMARY_KV = Pattern.compile("Current kv cache memory in use is " + NUM + " GiB");
    private static final Pattern SNAPSHOT_TOTAL = Pattern.compile("total_memory=" + NUM + " ?GiB");
    private static final Pattern REQUESTED_UTIL = Pattern.compile("Requested memory: " + NUM + " \\(util\\)");
    private static final Pattern AVAILABLE_KV = Pattern.compile("Available KV cache memory: " + NUM + " ?(GiB|GB)");
    private static final Pattern GRAPH_CAPTURE = Pattern.compile("Graph capturing finished in \\d+ secs?, took " + NUM + " ?(GiB|GB)");
    private static final Pattern GRAPH_POOL = Pattern.compile("CUDA graph pool memory: " + NUM + " GiB \\(actual\\), " + NUM + " GiB \\(estimated\\)");
    private static final Pattern GRAPH_ESTIMATE = Pattern.compile("Estimated CUDA graph memory: " + NUM + " GiB total");
    private static final Pattern V0_TOTAL = Pattern.compile("total_gpu_memory(?:\\s*\\(|=|\\s+)" + NUM + "\\s*GiB");
    private static final Pattern V0_UTIL = Pattern.compile("gpu_memory_utilization(?:\\s*\\(|=|\\s+)" + NUM);
    private static final Pattern V0_WEIGHTS = Pattern.compile("model weights take\\s+" + NUM + "\\s*GiB");
    private static final Pattern V0_NON_TORCH = Pattern.compile("non_torch_memory(?:\\s+takes\\s+|\\s+|=)" + NUM + "\\s*GiB");
    private static final Pattern V0_ACTIVATION = Pattern.compile("PyTorch activation peak memory(?:\\s+takes)?\\s+" + NUM + "\\s*GiB");
    private static final Pattern V0_KV = Pattern.compile("(?:reserved for KV Cache is|available_kv_cache_memory|kv_cache_size=)\\s*" + NUM + "\\s*GiB");
    private static final Pattern V0_PEAK_TORCH = Pattern.compile("peak_torch_memory=" + NUM + "GiB");
    // lines the original profiling scripts looked for (their §3.6 regexes); kept for logs those scripts handled
    private static final Pattern SCRIPT_KV_TOTAL = Pattern.compile("Total GPU KV cache:\\s*([\\d,]+)\\s*tokens?\\s*\\(" + NUM + "\\s*(GiB|GB)\\)");
    private static final Pattern SCRIPT_WEIGHTS = Pattern.compile("Model weights:\\s*" + NUM + "\\s*(GiB|GB)");
    private static final Pattern SCRIPT_ACTIVATIONS = Pattern.compile("Activations:\\s*" + NUM + "\\s*(GiB|GB)");
    private static final Pattern KV_TOKENS = Pattern.compile("GPU KV cache size: ([\\d,]+) tokens");
    private static final Pattern CONCURRENCY = Pattern.compile("Maximum concurrency for ([\\d,]+) tokens per request: " + NUM + "x");
    private static final Pattern V0_BLOCKS = Pattern.compile("#\\s*(\\w+) blocks:\\s*(\\d+)");
    /** Early V1 (0.7.x, kv_cache_utils.py) logs the pool as "# GPU blocks: N" alone, with no CPU blocks. */
    private static final Pattern V1_GPU_BLOCKS = Pattern.compile("# GPU blocks: (\\d+)\\s*$");
    private static final Pattern CONFIG_INFO_BLOCKS = Pattern.compile("num_gpu_blocks is: (\\d+)");
    private static final Pattern OVERRIDE_BLOCKS = Pattern.compile("Overriding num_gpu_blocks=(\\d+) with num_gpu_blocks_override=(\\d+)");
    private static final Pattern MAX_MODEL_LEN_USED = Pattern.compile("Using max model len (\\d+)");
    private static final Pattern ARG_MAX_MODEL_LEN = Pattern.compile("'max_model_len': (\\d+)");
    private static final Pattern ARG_UTIL = Pattern.compile("'gpu_memory_utilization': " + NUM);
    private static final Pattern SERVER_VERSION = Pattern.compile("vLLM API server version v?(\\d+\\.\\d+[\\w.+-]*)");
    private static final Pattern BANNER_VERSION = Pattern.compile("\\bversion v?(\\d+\\.\\d+[\\w.+-]*)\\s*$");

    private final VllmLogListener listener;
    private final Map<Integer, RankAccumulator> ranks = new TreeMap<>();
    private final Map<String, Integer> ranklessWorkerRanks = new HashMap<>();
    private final List<StartupFailure> failures = new ArrayList<>();
    private final Set<String> failureKeys = new HashSet<>();
    private LogFormat format = LogFormat.UNKNOWN;
    private String version;
    private EngineConfig engineConfig;
    private String lastConfigMessage;
    private Long argMaxModelLen;
    private Double argUtilization;
    private long lineNumber;
    private final List<String> invalidValues = new ArrayList<>();
    /** The message being handled: each figure keeps the line it came from, to quote it. */
    private String currentMessage;

    public VllmLogParser() {
        this(new VllmLogListener() {
        });
    }

    public VllmLogParser(VllmLogListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Parses a whole file, streaming it (invalid UTF-8 is replaced, not fatal). */
    public static VllmStartupReport parse(Path log) throws IOException {
        return parse(log, new VllmLogListener() {
        });
    }

    public static VllmStartupReport parse(Path log, VllmLogListener listener) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (Reader reader = new InputStreamReader(Files.newInputStream(log), decoder)) {
            return parse(reader, listener);
        }
    }

    public static VllmStartupReport parse(Reader reader, VllmLogListener listener) throws IOException {
        VllmLogParser parser = new VllmLogParser(listener);
        // readLine() also ends a line at '\r', which splits tqdm segments exactly as accept() would.
        BufferedReader lines = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            parser.accept(line);
        }
        if (!parser.invalidValues.isEmpty()) {
            throw new LogValueException(parser.invalidValues.get(0)
                    + (parser.invalidValues.size() > 1 ? " (and " + (parser.invalidValues.size() - 1) + " more)" : "")
                    + ": vLLM does not print such a figure; the log was edited or damaged, correct or remove the line");
        }
        return parser.result();
    }

    /** A figure of the log that no vLLM prints (too many digits, negative, not a number); names the line. */
    public static final class LogValueException extends IOException {
        LogValueException(String message) {
            super(message);
        }
    }

    /** A figure that cannot be taken as it is; the line is skipped and named. */
    private static final class InvalidValue extends RuntimeException {
        InvalidValue(String message) {
            super(message, null, false, false);
        }
    }

    /** The lines whose figures were refused, e.g. "line 12: '99999999999999999999' is too large"; skipped, not read. */
    public List<String> invalidValues() {
        return List.copyOf(invalidValues);
    }

    /** One line of output (without or with its line terminator). */
    public void accept(String line) {
        lineNumber++;
        try {
            acceptLine(line);
        } catch (InvalidValue | NumberFormatException e) {
            if (invalidValues.size() < 100) {
                String shown = line.length() > 120 ? line.substring(0, 120) + "..." : line;
                invalidValues.add("line " + lineNumber + " (\"" + shown.strip() + "\"): "
                        + (e instanceof InvalidValue ? e.getMessage() : "a number MemLens cannot read ("
                        + e.getMessage() + ")"));
            }
        }
    }

    private void acceptLine(String line) {
        String text = line.indexOf('\u001B') >= 0 ? ANSI.matcher(line).replaceAll("") : line;
        if (text.indexOf('\r') < 0 && text.indexOf('\n') < 0) {
            acceptSegment(text);
            return;
        }
        for (String segment : text.split("[\r\n]")) {
            if (!segment.isBlank()) {
                acceptSegment(segment);
            }
        }
    }

    private void acceptSegment(String segment) {
        if (!mayMatter(segment)) {
            return;
        }
        if (TqdmProgress.looksLikeProgress(segment)) {
            segment = handleProgress(segment);
            if (segment == null) {
                return;
            }
        }
        LogLine line = LogLineSplitter.split(segment);
        handleMessage(rankOf(line), line.message());
    }

    /**
     * Cheap pre-check: most lines of a long log (requests, stats) hold none of these words, and skipping them here
     * keeps the regular expressions off them.
     */
    private static boolean mayMatter(String s) {
        return s.indexOf("GiB") >= 0 || s.indexOf("GB") >= 0 || s.indexOf("tokens") >= 0 || s.indexOf("blocks") >= 0
                || s.indexOf(EngineConfigParser.MARKER) >= 0 || s.indexOf("version") >= 0 || s.indexOf("args") >= 0
                || s.indexOf("max model len") >= 0 || s.indexOf("gpu_memory_utilization") >= 0
                || TqdmProgress.looksLikeProgress(s) || FailureDetector.mayBeFailure(s);
    }

    /** Emits the bar; returns a log record glued after it (a process wrote without waiting for tqdm's newline). */
    private String handleProgress(String segment) {
        int glued = gluedRecordStart(segment);
        String bar = glued < 0 ? segment : segment.substring(0, glued);
        String barText = LogLineSplitter.split(bar).message();
        Optional<ProgressEvent> event = TqdmProgress.parse(barText);
        event.ifPresent(listener::onProgress);
        if (glued >= 0) {
            return segment.substring(glued);
        }
        return event.isPresent() ? null : segment;
    }

    private static int gluedRecordStart(String segment) {
        int bar = segment.indexOf("%|");
        int close = segment.indexOf(']', bar < 0 ? Math.max(0, segment.indexOf("% Completed |")) : bar);
        if (close < 0) {
            return -1;
        }
        int next = close + 1;
        while (next < segment.length() && segment.charAt(next) == ' ') {
            next++;
        }
        if (next >= segment.length()) {
            return -1;
        }
        char c = segment.charAt(next);
        return c == '(' || segment.startsWith("INFO ", next) || segment.startsWith("DEBUG ", next)
                || segment.startsWith("WARNING ", next) || segment.startsWith("ERROR ", next) ? next : -1;
    }

    private int rankOf(LogLine line) {
        if (line.explicitRank() != null) {
            return line.explicitRank();
        }
        if (line.isRanklessWorker()) {
            return ranklessWorkerRanks.computeIfAbsent(line.pid(), pid -> ranklessWorkerRanks.size() + 1);
        }
        return 0;
    }

    private void handleMessage(int rank, String m) {
        currentMessage = m;
        boolean gib = m.indexOf("GiB") >= 0;
        if (gib || m.indexOf("GB") >= 0) {
            memoryFigures(rank, m);
        }
        if (m.indexOf("tokens") >= 0) {
            tokenFigures(rank, m);
        }
        if (m.indexOf("blocks") >= 0) {
            blockFigures(rank, m);
        }
        if (m.indexOf("gpu_memory_utilization") >= 0 && !gib) {
            // "gpu_memory_utilization       0.90" of the v0.6.5 table, alone on its line
            find(V0_UTIL, m).ifPresent(u -> utilization(rank, Double.parseDouble(u.group(1))));
        }
        if (m.indexOf(EngineConfigParser.MARKER) >= 0 && m.indexOf("with config:") >= 0) {
            if (m.indexOf("V1 LLM engine") >= 0) {
                detected(LogFormat.V1);
            }
            if (!m.equals(lastConfigMessage)) { // a restart loop repeats the same line; parse it once
                lastConfigMessage = m;
                EngineConfigParser.parse(m).ifPresent(this::engineConfig);
            }
        }
        if (m.indexOf("version") >= 0 && version == null) {
            versionLine(m);
        }
        if (m.indexOf("non-default args") >= 0 || m.indexOf("Using max model len") >= 0) {
            argumentLine(m);
        }
        if (FailureDetector.mayBeFailure(m)) {
            RankAccumulator known = ranks.get(rank);
            FailureDetector.Phase phase = known == null ? FailureDetector.Phase.LOADING : known.phase();
            FailureDetector.detect(m, phase).ifPresent(f -> failure(rank, f));
        }
    }

    private void memoryFigures(int rank, String m) {
        if (m.indexOf("worker init memory snapshot") >= 0) {
            // its non_torch_memory is the CUDA context before loading, not the profiling increase
            find(SNAPSHOT_TOTAL, m).ifPresent(t -> memory(rank, MemoryKind.TOTAL_GPU_MEMORY, gib(t.group(1))));
            return;
        }
        if (m.indexOf("Model loading took") >= 0) {
            findAt(MODEL_LOADING, m, "Model loading took").ifPresent(w -> memory(rank, MemoryKind.WEIGHTS, bytes(w.group(1), w.group(2))));
        } else if (m.indexOf("Loading model weights took") >= 0) {
            findAt(LOADING_WEIGHTS_V0, m, "Loading model weights took").ifPresent(w -> memory(rank, MemoryKind.WEIGHTS, gib(w.group(1))));
        } else if (m.indexOf("Available KV cache memory") >= 0) {
            detected(LogFormat.V1);
            findAt(AVAILABLE_KV, m, "Available KV cache memory").ifPresent(k -> availableKv(rank, m, bytes(k.group(1), k.group(2))));
        } else if (m.indexOf("Graph capturing finished") >= 0) {
            findAt(GRAPH_CAPTURE, m, "Graph capturing finished").ifPresent(g -> memory(rank, MemoryKind.CUDA_GRAPH, bytes(g.group(1), g.group(2))));
        } else if (m.indexOf("CUDA graph pool memory") >= 0) {
            findAt(GRAPH_POOL, m, "CUDA graph pool memory").ifPresent(g -> {
                memory(rank, MemoryKind.CUDA_GRAPH, gib(g.group(1)));
                memory(rank, MemoryKind.CUDA_GRAPH_ESTIMATE, gib(g.group(2)));
            });
        } else if (m.indexOf("Estimated CUDA graph memory") >= 0) {
            findAt(GRAPH_ESTIMATE, m, "Estimated CUDA graph memory").ifPresent(g -> memory(rank, MemoryKind.CUDA_GRAPH_ESTIMATE, gib(g.group(1))));
        } else if (m.indexOf("torch peak memory increase") >= 0) {
            detected(LogFormat.V1);
            findAt(V1_PROFILE, m, "torch peak memory increase").ifPresent(p -> {
                memory(rank, MemoryKind.ACTIVATION_PEAK, gib(p.group(1)));
                memory(rank, MemoryKind.NON_TORCH, gib(p.group(2)));
                memory(rank, MemoryKind.WEIGHTS, gib(p.group(3)));
            });
        } else if (m.indexOf("Actual usage is") >= 0) {
            debugSummary(rank, m);
        } else if (m.indexOf("Total GPU KV cache:") >= 0) {
            findAt(SCRIPT_KV_TOTAL, m, "Total GPU KV cache:").ifPresent(k -> {
                capacity(rank, KvCapacityKind.TOKENS, count(k.group(1)));
                memory(rank, MemoryKind.KV_CACHE, bytes(k.group(2), k.group(3)));
            });
        } else if (m.indexOf("Model weights:") >= 0) {
            findAt(SCRIPT_WEIGHTS, m, "Model weights:").ifPresent(w -> memory(rank, MemoryKind.WEIGHTS, bytes(w.group(1), w.group(2))));
        } else if (m.indexOf("Activations:") >= 0) {
            findAt(SCRIPT_ACTIVATIONS, m, "Activations:").ifPresent(a -> memory(rank, MemoryKind.ACTIVATION_PEAK, bytes(a.group(1), a.group(2))));
        } else if (m.indexOf("Requested memory:") >= 0) {
            findAt(REQUESTED_UTIL, m, "Requested memory:").ifPresent(u -> utilization(rank, Double.parseDouble(u.group(1))));
        } else {
            v0Figures(rank, m);
        }
    }

    /**
     * A negative "Available KV cache memory" (v0.10.1 prints one when weights and profiling exceed the budget) is no
     * KV pool: it is the failure the engine is about to raise, not a figure.
     */
    private void availableKv(int rank, String m, long bytes) {
        if (bytes >= 0) {
            memory(rank, MemoryKind.KV_CACHE, bytes);
            return;
        }
        failure(rank, new FailureDetector.Found(FailureKind.NO_KV_CACHE_MEMORY, m.trim(),
                "Weights and the profiling run use more than the gpu_memory_utilization budget ("
                        + Bytes.format(-bytes, dev.memlens.core.units.MemoryUnit.GIB) + " over), leaving no KV cache."
                        + " Increase --gpu-memory-utilization, use more GPUs (--tensor-parallel-size), a quantized model,"
                        + " or lower --max-num-batched-tokens."));
    }

    /** V1 DEBUG "Free memory on device (F/T GiB) on startup. Desired ... Actual usage is W GiB for weight, ...". */
    private void debugSummary(int rank, String m) {
        detected(LogFormat.V1);
        find(SUMMARY_TOTAL, m).ifPresent(t -> memory(rank, MemoryKind.TOTAL_GPU_MEMORY, gib(t.group(2))));
        find(SUMMARY_UTIL, m).ifPresent(u -> utilization(rank, Double.parseDouble(u.group(1))));
        find(SUMMARY_WEIGHTS, m).ifPresent(w -> memory(rank, MemoryKind.WEIGHTS, gib(w.group(1))));
        find(SUMMARY_ACTIVATION, m).ifPresent(a -> memory(rank, MemoryKind.ACTIVATION_PEAK, gib(a.group(1))));
        find(SUMMARY_NON_TORCH, m).ifPresent(n -> memory(rank, MemoryKind.NON_TORCH, gib(n.group(1))));
        find(SUMMARY_CONSUMED, m).ifPresent(c -> memory(rank, MemoryKind.WEIGHTS_PLUS_NON_TORCH, gib(c.group(1))));
        find(SUMMARY_GRAPHS, m).ifPresent(g -> memory(rank, MemoryKind.CUDA_GRAPH, gib(g.group(1))));
        find(SUMMARY_KV, m).ifPresent(k -> memory(rank, MemoryKind.KV_CACHE, gib(k.group(1))));
    }

    private void v0Figures(int rank, String m) {
        if (m.indexOf("Memory profiling results: total_gpu_memory=") >= 0) {
            detected(LogFormat.V0_PROFILING_RESULTS);
            find(V0_PEAK_TORCH, m).ifPresent(p -> memory(rank, MemoryKind.PEAK_TORCH, gib(p.group(1))));
        }
        boolean any = false;
        if (m.indexOf("total_gpu_memory") >= 0) {
            any |= find(V0_TOTAL, m).map(t -> memory(rank, MemoryKind.TOTAL_GPU_MEMORY, gib(t.group(1)))).isPresent();
        }
        if (m.indexOf("gpu_memory_utilization") >= 0) {
            any |= find(V0_UTIL, m).map(u -> utilization(rank, Double.parseDouble(u.group(1)))).isPresent();
        }
        if (m.indexOf("model weights take") >= 0) {
            any |= find(V0_WEIGHTS, m).map(w -> memory(rank, MemoryKind.WEIGHTS, gib(w.group(1)))).isPresent();
        }
        if (m.indexOf("non_torch_memory") >= 0) {
            any |= find(V0_NON_TORCH, m).map(n -> memory(rank, MemoryKind.NON_TORCH, gib(n.group(1)))).isPresent();
        }
        if (m.indexOf("activation peak memory") >= 0) {
            any |= find(V0_ACTIVATION, m).map(a -> memory(rank, MemoryKind.ACTIVATION_PEAK, gib(a.group(1)))).isPresent();
        }
        if (m.indexOf("KV Cache is") >= 0 || m.indexOf("kv_cache") >= 0) {
            any |= find(V0_KV, m).map(k -> memory(rank, MemoryKind.KV_CACHE, gib(k.group(1)))).isPresent();
        }
        if (any && format != LogFormat.V0_PROFILING_RESULTS) {
            detected(LogFormat.V0);
        }
    }

    private void tokenFigures(int rank, String m) {
        if (m.indexOf("GPU KV cache size") >= 0) {
            detected(LogFormat.V1);
            findAt(KV_TOKENS, m, "GPU KV cache size").ifPresent(t -> capacity(rank, KvCapacityKind.TOKENS, count(t.group(1))));
        }
        if (m.indexOf("Maximum concurrency") >= 0) {
            findAt(CONCURRENCY, m, "Maximum concurrency").ifPresent(c -> {
                capacity(rank, KvCapacityKind.MAX_MODEL_LEN, count(c.group(1)));
                capacity(rank, KvCapacityKind.MAX_CONCURRENCY, Double.parseDouble(c.group(2)));
            });
        }
    }

    private void blockFigures(int rank, String m) {
        if (m.indexOf("CPU blocks") >= 0) {
            find(V0_BLOCKS, m).filter(b -> !b.group(1).equalsIgnoreCase("CPU")).ifPresent(b -> {
                detected(LogFormat.V0);
                capacity(rank, KvCapacityKind.GPU_BLOCKS, wholeNumber(b.group(2)));
            });
        } else if (m.indexOf("# GPU blocks:") >= 0) {
            find(V1_GPU_BLOCKS, m).ifPresent(b -> {
                detected(LogFormat.V1);
                capacity(rank, KvCapacityKind.GPU_BLOCKS, wholeNumber(b.group(1)));
            });
        } else if (m.indexOf("num_gpu_blocks is:") >= 0) {
            find(CONFIG_INFO_BLOCKS, m).ifPresent(b -> capacity(rank, KvCapacityKind.GPU_BLOCKS, wholeNumber(b.group(1))));
        } else if (m.indexOf("Overriding num_gpu_blocks") >= 0) {
            // v0.19+ also logs "Overriding num_gpu_blocks=0 with ...=512" for its CUDA-graph dry run: not the pool
            find(OVERRIDE_BLOCKS, m).filter(o -> wholeNumber(o.group(1)) > 0)
                    .ifPresent(o -> capacity(rank, KvCapacityKind.GPU_BLOCKS, wholeNumber(o.group(2))));
        }
    }

    private void versionLine(String m) {
        Optional<Matcher> v = find(SERVER_VERSION, m);
        if (v.isEmpty() && (m.indexOf('\u2588') >= 0 || m.indexOf("vLLM") >= 0)) {
            v = find(BANNER_VERSION, m);
        }
        v.ifPresent(found -> version(found.group(1)));
    }

    private void argumentLine(String m) {
        find(ARG_MAX_MODEL_LEN, m).or(() -> find(MAX_MODEL_LEN_USED, m))
                .ifPresent(l -> argMaxModelLen = wholeNumber(l.group(1)));
        find(ARG_UTIL, m).ifPresent(u -> argUtilization = Double.parseDouble(u.group(1)));
    }

    private void engineConfig(EngineConfig config) {
        engineConfig = config;
        if (config.vllmVersion() != null && !config.vllmVersion().isEmpty()) {
            version(config.vllmVersion());
        }
        listener.onEngineConfig(config);
    }

    private void version(String v) {
        if (!v.equals(version)) {
            version = v;
            listener.onVersion(v);
        }
    }

    private boolean memory(int rank, MemoryKind kind, long bytes) {
        // vLLM prints a negative non-torch increase, and a negative KV cache when nothing is left for it (a failure
        // the detector reports); any other negative figure is not vLLM's
        if (bytes < 0 && kind != MemoryKind.NON_TORCH && kind != MemoryKind.KV_CACHE) {
            throw new InvalidValue("a negative memory size");
        }
        Long before = rank(rank).memory.put(kind, bytes);
        // the first line that gave this value is quoted (a later summary repeating it is not)
        if (currentMessage != null && (before == null || before != bytes)) {
            rank(rank).quotes.put(kind.name(), currentMessage.trim());
        }
        listener.onMemoryFigure(rank, kind, bytes);
        return true;
    }

    private void capacity(int rank, KvCapacityKind kind, double value) {
        Double before = rank(rank).capacity.put(kind, value);
        if (currentMessage != null && (before == null || before != value)) {
            rank(rank).quotes.put(kind.name(), currentMessage.trim());
        }
        listener.onKvCapacity(rank, kind, value);
    }

    private boolean utilization(int rank, double fraction) {
        rank(rank).gpuMemoryUtilization = fraction;
        listener.onGpuMemoryUtilization(rank, fraction);
        return true;
    }

    private void failure(int rank, FailureDetector.Found found) {
        if (failureKeys.add(found.kind() + "|" + found.message())) {
            StartupFailure failure = new StartupFailure(found.kind(), found.message(), found.advice(), rank, lineNumber);
            failures.add(failure);
            listener.onFailure(failure);
        }
    }

    /** V1 evidence outranks V0: V0 lines such as "Model loading took" also appear in V1 logs. */
    private void detected(LogFormat f) {
        if (format == LogFormat.UNKNOWN || f == LogFormat.V1) {
            format = f;
        }
    }

    private RankAccumulator rank(int rank) {
        return ranks.computeIfAbsent(rank, RankAccumulator::new);
    }

    /** The report of everything accepted so far. */
    public VllmStartupReport result() {
        Long maxLen = argMaxModelLen != null ? argMaxModelLen : engineConfig == null ? null : engineConfig.maxSeqLen();
        RankAccumulator engine = ranks.get(0);
        List<RankMemory> out = new ArrayList<>();
        for (RankAccumulator r : ranks.values()) {
            out.add(r.toRankMemory(engine, maxLen, argUtilization));
        }
        LogFormat f = format == LogFormat.UNKNOWN && !ranks.isEmpty() && version != null ? guessFromVersion() : format;
        return new VllmStartupReport(f, version, engineConfig, out, failures);
    }

    private LogFormat guessFromVersion() {
        String[] parts = version.split("\\.");
        try {
            int minor = Integer.parseInt(parts[1]);
            return Integer.parseInt(parts[0]) > 0 || minor >= 11 ? LogFormat.V1 : LogFormat.UNKNOWN;
        } catch (RuntimeException e) {
            return LogFormat.UNKNOWN;
        }
    }

    /** Matches {@code p}, which starts with {@code literal}, where the literal first occurs: no scan by the regex. */
    private static Optional<Matcher> findAt(Pattern p, String s, String literal) {
        int at = s.indexOf(literal);
        if (at < 0) {
            return Optional.empty();
        }
        Matcher m = p.matcher(s).region(at, s.length());
        return m.lookingAt() ? Optional.of(m) : Optional.empty();
    }

    private static Optional<Matcher> find(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.find() ? Optional.of(m) : Optional.empty();
    }

    private static long gib(String number) {
        return bytes(number, "GiB");
    }

    /** Exact bytes of a figure; one past a long's range is refused, never clamped. */
    private static long bytes(String number, String unit) {
        double v = Double.parseDouble(number);
        double perUnit = switch (unit) {
            case "GB" -> Bytes.GB;
            case "MiB" -> Bytes.MIB;
            case "MB" -> 1e6;
            default -> Bytes.GIB;
        };
        if (!(Math.abs(v * perUnit) < 0x1p63)) {
            throw new InvalidValue("the size " + number + " " + unit + " is too large");
        }
        return Math.round(v * perUnit);
    }

    private static double count(String withSeparators) {
        return wholeNumber(withSeparators.replace(",", ""));
    }

    private static long wholeNumber(String digits) {
        if (digits.length() > 18 && new java.math.BigInteger(digits).bitLength() > 62) {
            throw new InvalidValue("the number " + digits + " is too large");
        }
        return Long.parseLong(digits);
    }
}
