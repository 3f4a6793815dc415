package dev.memlens.core.vllm.log;

import static dev.memlens.core.vllm.log.LogNumbers.bytes;
import static dev.memlens.core.vllm.log.LogNumbers.count;
import static dev.memlens.core.vllm.log.LogNumbers.gib;
import static dev.memlens.core.vllm.log.LogNumbers.wholeNumber;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one table of the memory lines vLLM logs, per version: each shape is a literal that marks the line, the format it
 * proves, and its patterns with the figures they give. {@link #read} hands the figures of one message to a
 * {@link FigureSink}; which rank they belong to, and what is kept, is the parser's business.
 *
 * <p>Units: "GiB" converts with 2^30 and "GB" with 1e9, except V0's "Loading model weights took X GB", which vLLM
 * computes as bytes / 2^30 and mislabels.
 */
final class LineShapes {
    private LineShapes() {
    }

    /** Where the figures of a line go: the parser binds it to the rank that logged the line. */
    interface FigureSink {
        void memory(MemoryKind kind, long bytes);

        void capacity(KvCapacityKind kind, double value);

        void utilization(double fraction);

        /** "Available KV cache memory": a KV pool, or, when negative, the failure the engine is about to raise. */
        void availableKv(long bytes);

        void detected(LogFormat format);
    }

    /** What one pattern gives. */
    @FunctionalInterface
    private interface Figures {
        void read(Matcher match, FigureSink sink);
    }

    /** A pattern and its figures; {@code atMarker}: it starts where its shape's marker first occurs (no scan). */
    private record Rule(Pattern pattern, boolean atMarker, Figures figures) {
    }

    /**
     * A line shape: the literals that mark it (any one), the format it proves (null: none, or only once a pattern
     * matched) and its rules, each tried on the line.
     */
    private record Shape(String versions, List<String> markers, LogFormat proves, List<Rule> rules) {
        boolean marks(String m) {
            return markers.stream().anyMatch(marker -> m.indexOf(marker) >= 0);
        }

        void read(String m, FigureSink sink) {
            if (proves != null) {
                sink.detected(proves);
            }
            for (Rule r : rules) {
                (r.atMarker() ? findAt(r.pattern(), m, markers.get(0)) : find(r.pattern(), m))
                        .ifPresent(match -> r.figures().read(match, sink));
            }
        }
    }

    /**
     * Shapes read when {@code applies} holds for the line: the first whose marker the line holds ({@code firstOnly}),
     * or every one; the {@code otherwise} shapes, each read when its marker is there, when no shape's marker was.
     */
    private record Group(Predicate<String> applies, boolean firstOnly, List<Shape> shapes, List<Shape> otherwise) {
        void read(String m, FigureSink sink) {
            if (!applies.test(m)) {
                return;
            }
            for (Shape s : shapes) {
                if (s.marks(m)) {
                    s.read(m, sink);
                    if (firstOnly) {
                        return;
                    }
                }
            }
            if (firstOnly) {
                for (Shape s : otherwise) {
                    if (s.marks(m)) {
                        s.read(m, sink);
                    }
                }
            }
        }
    }

    private static final String NUM = "(-?[\\d.]+)";

    private static Shape shape(String versions, String marker, LogFormat proves, Rule... rules) {
        return new Shape(versions, List.of(marker), proves, List.of(rules));
    }

    /** A pattern that starts at its shape's marker. */
    private static Rule at(String regex, Figures figures) {
        return new Rule(Pattern.compile(regex), true, figures);
    }

    /** A pattern found anywhere in the line. */
    private static Rule anywhere(String regex, Figures figures) {
        return new Rule(Pattern.compile(regex), false, figures);
    }

    private static Figures memory(MemoryKind kind) {
        return (match, sink) -> sink.memory(kind, gib(match.group(1)));
    }

    /** A V0 figure: it proves the V0 format (a profiling-results line already proved its own, which stays). */
    private static Figures v0Memory(MemoryKind kind) {
        return (match, sink) -> {
            sink.memory(kind, gib(match.group(1)));
            sink.detected(LogFormat.V0);
        };
    }

    private static final Group MEMORY = new Group(m -> m.indexOf("GiB") >= 0 || m.indexOf("GB") >= 0, true, List.of(
            // its non_torch_memory is the CUDA context before loading, not the profiling increase: only the total
            shape("V1 DEBUG", "worker init memory snapshot", null,
                    anywhere("total_memory=" + NUM + " ?GiB", memory(MemoryKind.TOTAL_GPU_MEMORY))),
            shape("V1 v0.8–v0.12 (and V0 v0.7–v0.10)", "Model loading took", null,
                    at("Model loading took " + NUM + " ?(GiB|GB|MiB|MB)",
                            (w, sink) -> sink.memory(MemoryKind.WEIGHTS, bytes(w.group(1), w.group(2))))),
            shape("V0 ≤ v0.7 (the GB is GiB)", "Loading model weights took", null,
                    at("Loading model weights took " + NUM + " ?GB", memory(MemoryKind.WEIGHTS))),
            shape("V1 v0.9+", "Available KV cache memory", LogFormat.V1,
                    at("Available KV cache memory: " + NUM + " ?(GiB|GB)",
                            (k, sink) -> sink.availableKv(bytes(k.group(1), k.group(2))))),
            shape("V0 and V1 up to v0.2x", "Graph capturing finished", null,
                    at("Graph capturing finished in \\d+ secs?, took " + NUM + " ?(GiB|GB)",
                            (g, sink) -> sink.memory(MemoryKind.CUDA_GRAPH, bytes(g.group(1), g.group(2))))),
            shape("V1 v0.2x", "CUDA graph pool memory", null,
                    at("CUDA graph pool memory: " + NUM + " GiB \\(actual\\), " + NUM + " GiB \\(estimated\\)",
                            (g, sink) -> {
                                sink.memory(MemoryKind.CUDA_GRAPH, gib(g.group(1)));
                                sink.memory(MemoryKind.CUDA_GRAPH_ESTIMATE, gib(g.group(2)));
                            })),
            shape("V1 v0.21+", "Estimated CUDA graph memory", null,
                    at("Estimated CUDA graph memory: " + NUM + " GiB total", memory(MemoryKind.CUDA_GRAPH_ESTIMATE))),
            shape("V1 DEBUG profiling", "torch peak memory increase", LogFormat.V1,
                    at("torch peak memory increase: " + NUM + " ?GiB; non-torch forward increase memory: " + NUM
                            + " ?GiB; weights memory: " + NUM + " ?GiB", (p, sink) -> {
                                sink.memory(MemoryKind.ACTIVATION_PEAK, gib(p.group(1)));
                                sink.memory(MemoryKind.NON_TORCH, gib(p.group(2)));
                                sink.memory(MemoryKind.WEIGHTS, gib(p.group(3)));
                            })),
            // "Free memory on device (F/T GiB) on startup. Desired ... Actual usage is W GiB for weight, ...": the
            // DEBUG summary, and from PR #47374 the per-rank budget line at INFO (four-term and two-term wordings)
            shape("V1 v0.19+ budget line", "Actual usage is", LogFormat.V1,
                    anywhere("Free memory on device \\(" + NUM + "/" + NUM + " GiB\\)",
                            (t, sink) -> sink.memory(MemoryKind.TOTAL_GPU_MEMORY, gib(t.group(2)))),
                    anywhere("Desired GPU memory utilization is \\(" + NUM + ",",
                            (u, sink) -> sink.utilization(Double.parseDouble(u.group(1)))),
                    anywhere(NUM + " GiB for weight\\b", memory(MemoryKind.WEIGHTS)),
                    anywhere(NUM + " GiB for peak activation", memory(MemoryKind.ACTIVATION_PEAK)),
                    anywhere(NUM + " GiB for non-torch memory", memory(MemoryKind.NON_TORCH)),
                    anywhere(NUM + " GiB for consumed memory \\(weights \\+ non-torch\\)",
                            memory(MemoryKind.WEIGHTS_PLUS_NON_TORCH)),
                    anywhere(NUM + " GiB for CUDAGraph memory", memory(MemoryKind.CUDA_GRAPH)),
                    anywhere("Current kv cache memory in use is " + NUM + " GiB", memory(MemoryKind.KV_CACHE))),
            // lines the original profiling scripts looked for (their §3.6 regexes); kept for logs those scripts handled
            shape("the original scripts", "Total GPU KV cache:", null,
                    at("Total GPU KV cache:\\s*([\\d,]+)\\s*tokens?\\s*\\(" + NUM + "\\s*(GiB|GB)\\)", (k, sink) -> {
                        sink.capacity(KvCapacityKind.TOKENS, count(k.group(1)));
                        sink.memory(MemoryKind.KV_CACHE, bytes(k.group(2), k.group(3)));
                    })),
            shape("the original scripts", "Model weights:", null,
                    at("Model weights:\\s*" + NUM + "\\s*(GiB|GB)",
                            (w, sink) -> sink.memory(MemoryKind.WEIGHTS, bytes(w.group(1), w.group(2))))),
            shape("the original scripts", "Activations:", null,
                    at("Activations:\\s*" + NUM + "\\s*(GiB|GB)",
                            (a, sink) -> sink.memory(MemoryKind.ACTIVATION_PEAK, bytes(a.group(1), a.group(2))))),
            shape("V1 DEBUG", "Requested memory:", null,
                    at("Requested memory: " + NUM + " \\(util\\)",
                            (u, sink) -> sink.utilization(Double.parseDouble(u.group(1)))))),
            // V0: the ≤ v0.6.3 "Memory profiling results: total_gpu_memory=..." line, the v0.6.4–v0.10 multi-line
            // "the current vLLM instance can use total_gpu_memory (...) ..." and the v0.6.5 table
            List.of(shape("V0 ≤ v0.6.3", "Memory profiling results: total_gpu_memory=",
                            LogFormat.V0_PROFILING_RESULTS,
                            anywhere("peak_torch_memory=" + NUM + "GiB", memory(MemoryKind.PEAK_TORCH))),
                    shape("V0", "total_gpu_memory", null, anywhere("total_gpu_memory(?:\\s*\\(|=|\\s+)" + NUM
                            + "\\s*GiB", v0Memory(MemoryKind.TOTAL_GPU_MEMORY))),
                    shape("V0", "gpu_memory_utilization", null, anywhere("gpu_memory_utilization(?:\\s*\\(|=|\\s+)" + NUM,
                            (u, sink) -> {
                                sink.utilization(Double.parseDouble(u.group(1)));
                                sink.detected(LogFormat.V0);
                            })),
                    shape("V0", "model weights take", null,
                            anywhere("model weights take\\s+" + NUM + "\\s*GiB", v0Memory(MemoryKind.WEIGHTS))),
                    shape("V0", "non_torch_memory", null, anywhere("non_torch_memory(?:\\s+takes\\s+|\\s+|=)" + NUM
                            + "\\s*GiB", v0Memory(MemoryKind.NON_TORCH))),
                    shape("V0", "activation peak memory", null, anywhere("PyTorch activation peak memory(?:\\s+takes)?\\s+"
                            + NUM + "\\s*GiB", v0Memory(MemoryKind.ACTIVATION_PEAK))),
                    new Shape("V0", List.of("KV Cache is", "kv_cache"), null, List.of(anywhere(
                            "(?:reserved for KV Cache is|available_kv_cache_memory|kv_cache_size=)\\s*" + NUM
                                    + "\\s*GiB", v0Memory(MemoryKind.KV_CACHE))))));

    private static final Group TOKENS = new Group(m -> m.indexOf("tokens") >= 0, false, List.of(
            shape("V1 v0.8+", "GPU KV cache size", LogFormat.V1, at("GPU KV cache size: ([\\d,]+) tokens",
                    (t, sink) -> sink.capacity(KvCapacityKind.TOKENS, count(t.group(1))))),
            shape("V0 and V1", "Maximum concurrency", null,
                    at("Maximum concurrency for ([\\d,]+) tokens per request: " + NUM + "x", (c, sink) -> {
                        sink.capacity(KvCapacityKind.MAX_MODEL_LEN, count(c.group(1)));
                        sink.capacity(KvCapacityKind.MAX_CONCURRENCY, Double.parseDouble(c.group(2)));
                    }))), List.of());

    private static final Group BLOCKS = new Group(m -> m.indexOf("blocks") >= 0, true, List.of(
            shape("V0", "CPU blocks", null, anywhere("#\\s*(\\w+) blocks:\\s*(\\d+)", (b, sink) -> {
                if (!b.group(1).equalsIgnoreCase("CPU")) {
                    sink.detected(LogFormat.V0);
                    sink.capacity(KvCapacityKind.GPU_BLOCKS, wholeNumber(b.group(2)));
                }
            })),
            // early V1 (0.7.x, kv_cache_utils.py) logs the pool as "# GPU blocks: N" alone, with no CPU blocks
            shape("V1 v0.7.x", "# GPU blocks:", null, anywhere("# GPU blocks: (\\d+)\\s*$", (b, sink) -> {
                sink.detected(LogFormat.V1);
                sink.capacity(KvCapacityKind.GPU_BLOCKS, wholeNumber(b.group(1)));
            })),
            shape("V1 DEBUG", "num_gpu_blocks is:", null, anywhere("num_gpu_blocks is: (\\d+)",
                    (b, sink) -> sink.capacity(KvCapacityKind.GPU_BLOCKS, wholeNumber(b.group(1))))),
            // v0.19+ also logs "Overriding num_gpu_blocks=0 with ...=512" for its CUDA-graph dry run: not the pool
            shape("V1", "Overriding num_gpu_blocks", null,
                    anywhere("Overriding num_gpu_blocks=(\\d+) with num_gpu_blocks_override=(\\d+)", (o, sink) -> {
                        if (wholeNumber(o.group(1)) > 0) {
                            sink.capacity(KvCapacityKind.GPU_BLOCKS, wholeNumber(o.group(2)));
                        }
                    }))), List.of());

    /** "gpu_memory_utilization       0.90" of the v0.6.5 table, alone on its line. */
    private static final Group UTILIZATION_ALONE = new Group(
            m -> m.indexOf("gpu_memory_utilization") >= 0 && m.indexOf("GiB") < 0, false, List.of(
            shape("V0 v0.6.5 table", "gpu_memory_utilization", null, anywhere("gpu_memory_utilization(?:\\s*\\(|=|\\s+)"
                    + NUM, (u, sink) -> sink.utilization(Double.parseDouble(u.group(1)))))), List.of());

    private static final List<Group> GROUPS = List.of(MEMORY, TOKENS, BLOCKS, UTILIZATION_ALONE);

    /** Hands every figure of one log message (prefix removed) to the sink, in the order the line gives them. */
    static void read(String message, FigureSink sink) {
        for (Group g : GROUPS) {
            g.read(message, sink);
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

    static Optional<Matcher> find(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.find() ? Optional.of(m) : Optional.empty();
    }
}
