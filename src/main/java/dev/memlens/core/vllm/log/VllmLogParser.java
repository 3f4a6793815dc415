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
 * <p>Which lines give which figures, per version, is {@link LineShapes}'s table (also the lines the original
 * profiling scripts looked for); this class keeps them per rank, with the line each came from.
 */
public final class VllmLogParser {
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");
    private static final String NUM = "(-?[\\d.]+)";

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

    /** The lines whose figures were refused, e.g. "line 12: '99999999999999999999' is too large"; skipped, not read. */
    public List<String> invalidValues() {
        return List.copyOf(invalidValues);
    }

    /** One line of output (without or with its line terminator). */
    public void accept(String line) {
        lineNumber++;
        try {
            acceptLine(line);
        } catch (LogNumbers.InvalidValue | NumberFormatException e) {
            if (invalidValues.size() < 100) {
                String shown = line.length() > 120 ? line.substring(0, 120) + "..." : line;
                invalidValues.add("line " + lineNumber + " (\"" + shown.strip() + "\"): "
                        + (e instanceof LogNumbers.InvalidValue ? e.getMessage() : "a number MemLens cannot read ("
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
        LineShapes.read(m, new RankFigures(rank, m));
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

    private void versionLine(String m) {
        Optional<Matcher> v = find(SERVER_VERSION, m);
        if (v.isEmpty() && (m.indexOf('\u2588') >= 0 || m.indexOf("vLLM") >= 0)) {
            v = find(BANNER_VERSION, m);
        }
        v.ifPresent(found -> version(found.group(1)));
    }

    private void argumentLine(String m) {
        find(ARG_MAX_MODEL_LEN, m).or(() -> find(MAX_MODEL_LEN_USED, m))
                .ifPresent(l -> argMaxModelLen = LogNumbers.wholeNumber(l.group(1)));
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
            throw new LogNumbers.InvalidValue("a negative memory size");
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

    private static Optional<Matcher> find(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.find() ? Optional.of(m) : Optional.empty();
    }

    /** The figures of one line, for the rank that logged it. */
    private final class RankFigures implements LineShapes.FigureSink {
        private final int rank;
        private final String message;

        RankFigures(int rank, String message) {
            this.rank = rank;
            this.message = message;
        }

        @Override
        public void memory(MemoryKind kind, long bytes) {
            VllmLogParser.this.memory(rank, kind, bytes);
        }

        @Override
        public void capacity(KvCapacityKind kind, double value) {
            VllmLogParser.this.capacity(rank, kind, value);
        }

        @Override
        public void utilization(double fraction) {
            VllmLogParser.this.utilization(rank, fraction);
        }

        @Override
        public void availableKv(long bytes) {
            VllmLogParser.this.availableKv(rank, message, bytes);
        }

        @Override
        public void detected(LogFormat format) {
            VllmLogParser.this.detected(format);
        }
    }
}
