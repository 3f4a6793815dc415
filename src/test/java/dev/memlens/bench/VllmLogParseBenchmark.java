package dev.memlens.bench;

import dev.memlens.core.vllm.log.VllmLogParser;
import dev.memlens.core.vllm.log.VllmStartupReport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times {@link VllmLogParser#parse(Path)} on a generated 100 MB log (issue 4: at most 2 s). Run explicitly:
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) dev.memlens.bench.VllmLogParseBenchmark [MB] [runs]}.
 * Two files: "serve" (start-up logs between many request/stats lines, as a long-running vllm serve writes) and
 * "memory-only" (start-up logs back to back, so nearly every line reaches a regular expression: the worst case).
 */
public final class VllmLogParseBenchmark {
    private static final String[] STARTUP_FIXTURES = {
            "v1-0.19-llama3.1-8b-h100-debug.log", "v1-0.10-tp2-vllmworker-colour.log", "v0-0.7.3-tp2-multiproc-colour.log",
            "v1-0.26-glm-4.5-air-tp4-merged-kv-line.log", "v0-0.6.6-llama3-8b-a100-40g.log"};

    private VllmLogParseBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        long megabytes = args.length > 0 ? Long.parseLong(args[0]) : 100;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("memlens-logbench");
        try {
            String startup = startupText();
            Path serve = generate(dir.resolve("serve.log"), megabytes, startup, 400);
            Path memoryOnly = generate(dir.resolve("memory-only.log"), megabytes, startup, 0);
            System.out.printf(Locale.ROOT, "cpus %d, java %s%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            for (Path file : List.of(serve, memoryOnly)) {
                double[] read = median(runs, () -> readLinesOnly(file));
                double[] parse = median(runs, () -> VllmLogParser.parse(file).ranks().size());
                VllmStartupReport r = VllmLogParser.parse(file);
                System.out.printf(Locale.ROOT, "%-16s %6.1f MB  read lines only: median wall %.3f s, cpu %.3f s"
                                + "  parse: median wall %.3f s, cpu %.3f s  (cpu %.2fx of reading; %d ranks, format %s)%n",
                        file.getFileName(), Files.size(file) / 1e6, read[0], read[1], parse[0], parse[1],
                        parse[1] / read[1], r.ranks().size(), r.format().tag());
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private interface Work {
        long run() throws IOException;
    }

    /**
     * Medians of wall time and of this thread's CPU time. The CPU time is the fair figure on a shared machine
     * (other processes steal wall time); the parse is single-threaded.
     */
    private static double[] median(int runs, Work work) throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        work.run(); // warm-up: JIT and page cache
        double[] wall = new double[runs];
        double[] cpu = new double[runs];
        for (int i = 0; i < runs; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            long sink = work.run();
            wall[i] = (System.nanoTime() - t0) / 1e9;
            cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
            if (sink < 0) {
                throw new IllegalStateException();
            }
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new double[] {wall[runs / 2], cpu[runs / 2]};
    }

    private static long readLinesOnly(Path file) throws IOException {
        long n = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            while (r.readLine() != null) {
                n++;
            }
        }
        return n;
    }

    private static String startupText() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String name : STARTUP_FIXTURES) {
            try (InputStream in = VllmLogParseBenchmark.class.getResourceAsStream("/vllm/" + name)) {
                if (in == null) {
                    throw new IOException("fixture vllm/" + name + " missing: run mvn test-compile first");
                }
                sb.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return sb.toString();
    }

    private static Path generate(Path file, long megabytes, String startup, int noiseLinesPerStartup) throws IOException {
        List<String> noise = new ArrayList<>();
        for (int i = 0; i < noiseLinesPerStartup; i++) {
            noise.add(switch (i % 4) {
                case 0 -> "(APIServer pid=1) INFO 04-22 00:05:" + (i % 60) + " [v1/metrics/loggers.py:257] Engine 000: Avg prompt"
                        + " throughput: 1024.3 tokens/s, Avg generation throughput: 512.7 tokens/s, Running: 12 reqs, Waiting: 0"
                        + " reqs, GPU KV cache usage: 3.4%, Prefix cache hit rate: 0.0%";
                case 1 -> "(APIServer pid=1) INFO:     127.0.0.1:5" + i + " - \"POST /v1/completions HTTP/1.1\" 200 OK";
                case 2 -> "(APIServer pid=1) INFO 04-22 00:05:01 [entrypoints/logger.py:41] Received request cmpl-" + i
                        + ": prompt: 'Hello, how are you?', params: SamplingParams(n=1, temperature=0.0, max_tokens=100)";
                default -> "Processed prompts:  " + (i % 100) + "%|#####     | " + (i % 64) + "/64 [00:01<00:01, 40.1it/s]\r"
                        + "Processed prompts: 100%|##########| 64/64 [00:02<00:00, 31.9it/s]";
            });
        }
        String noiseBlock = noise.isEmpty() ? "" : String.join("\n", noise) + "\n";
        long target = megabytes * 1_000_000L;
        long written = 0;
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            while (written < target) {
                w.write(startup);
                w.write(noiseBlock);
                written += startup.length() + noiseBlock.length();
            }
        }
        return file;
    }
}
