package dev.memlens.bench;

import dev.memlens.core.gpu.trace.TraceReader;
import dev.memlens.core.gpu.trace.TraceSummary;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times {@code memlens trace}'s reading and summary of a generated nvidia-smi CSV (issue 12: 200 MB in under 512 MB of
 * heap). Run explicitly, once per heap size:
 * {@code java -Xmx512m -cp target/classes:target/test-classes:$(cat cp.txt) dev.memlens.bench.TraceReadBenchmark [MB] [runs]}.
 * The file is what {@code nvidia-smi --query-gpu=timestamp,index,uuid,name,memory.total,memory.used,memory.free
 * --format=csv -lms 100} writes for 8 GPUs whose memory ramps up and down.
 */
public final class TraceReadBenchmark {
    private TraceReadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long megabytes = args.length > 0 ? Long.parseLong(args[0]) : 200;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path file = Files.createTempFile("memlens-tracebench", ".csv");
        try {
            generate(file, megabytes * 1_000_000);
            System.out.printf(Locale.ROOT, "cpus %d, java %s, max heap %d MiB, file %.1f MB%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                    Runtime.getRuntime().maxMemory() >> 20, Files.size(file) / 1e6);
            double[] walls = new double[runs];
            TraceSummary last = null;
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                last = summarize(file);
                walls[i] = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "run %d: %.3f s%n", i + 1, walls[i]);
            }
            Arrays.sort(walls);
            System.out.printf(Locale.ROOT, "median wall %.3f s; %d GPUs, GPU 0 peak %d bytes in %d samples%n",
                    walls[runs / 2], last.gpus().size(), last.gpus().get(0).peakUsedBytes(),
                    last.gpus().get(0).samples());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static TraceSummary summarize(Path file) throws Exception {
        return new TraceReader().summarize(file);
    }

    static void generate(Path file, long bytes) throws IOException {
        DateTimeFormatter smi = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSS");
        LocalDateTime t = LocalDateTime.of(2026, 11, 27, 10, 0);
        long written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            String header = "timestamp, index, uuid, name, memory.total [MiB], memory.used [MiB], memory.free [MiB]\n";
            out.write(header);
            written += header.length();
            for (long tick = 0; written < bytes; tick++) {
                String ts = smi.format(t.plusNanos(tick * 100_000_000L));
                for (int gpu = 0; gpu < 8 && written < bytes; gpu++) {
                    long used = 512 + (tick * 7 + gpu * 131) % 140_000;
                    String line = ts + ", " + gpu + ", GPU-4f8e2a1c-9b3d-4e5f-8a7b-" + String.format(Locale.ROOT,
                            "%012d", gpu) + ", NVIDIA H200, 143771 MiB, " + used + " MiB, " + (143771 - used) + " MiB\n";
                    out.write(line);
                    written += line.length();
                }
            }
        }
    }
}
