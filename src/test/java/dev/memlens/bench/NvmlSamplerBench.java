package dev.memlens.bench;

import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.gpu.GpuSampleSink;
import dev.memlens.core.gpu.GpuSampler;
import dev.memlens.core.gpu.GpuSamplerError;
import dev.memlens.core.gpu.GpuSamplerOptions;
import dev.memlens.core.gpu.GpuSamplers;
import dev.memlens.core.gpu.nvml.FakeNvml;
import dev.memlens.core.units.Bytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU share of one core, the whole JVM included (all its threads: sampler, GC, JIT) plus the sampling tool's child
 * processes, of MemLens's GPU sources side by side: NVML in process against the long-lived nvidia-smi reader. Each
 * configuration is "source:gpus:intervalMs[:processIntervalMs]" (per-process polls every second unless given); rounds are interleaved so machine load hits all alike; the table shows
 * medians over rounds. An "idle" row measures the same JVM sampling nothing. Not a test: run it by hand.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) dev.memlens.bench.NvmlSamplerBench \
 *     --configs idle,nvml:1:50,nvml:8:50,nvml:1:1,nvidia-smi:1:50,nvidia-smi:8:50 --rounds 5 --seconds 4 \
 *     [--fake-nvml target/fake-nvml/full/libnvidia-ml-standin.so.1] [--standin-dir src/test/resources/gpu/standins]
 * </pre>
 * With --fake-nvml the NVML rows read the fake library with that many GPUs; with --standin-dir the nvidia-smi rows
 * run the bash stand-in (STANDIN_GPUS GPUs). Without them, the real NVML and nvidia-smi of the machine are used and
 * the GPU count of a configuration must match the machine's.
 */
public final class NvmlSamplerBench {
    private NvmlSamplerBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = GpuSamplerBench.options(args);
        int rounds = Integer.parseInt(opts.getOrDefault("--rounds", "5"));
        double seconds = Double.parseDouble(opts.getOrDefault("--seconds", "4"));
        List<String> configs = List.of(opts.getOrDefault("--configs", "idle,nvml:1:50,nvml:1:1,nvidia-smi:1:50")
                .split(","));
        FakeNvml fake = opts.containsKey("--fake-nvml") ? FakeNvml.attach(Path.of(opts.get("--fake-nvml"))) : null;
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        configs.forEach(c -> results.put(c, new ArrayList<>()));
        System.out.printf(Locale.ROOT, "%d cores, %s, Java %s; %d rounds of %.1f s; fake NVML: %s; stand-in: %s%n",
                Runtime.getRuntime().availableProcessors(), GpuSamplerBench.cpuModel(), System.getProperty("java.version"), rounds,
                seconds, fake == null ? "no" : opts.get("--fake-nvml"), opts.getOrDefault("--standin-dir", "no"));
        measure("nvml:1:1", opts, fake, 2); // warm-up: JIT-compile the reading paths before the first round
        if (configs.stream().anyMatch(c -> c.startsWith("nvidia-smi"))) {
            measure("nvidia-smi:1:10", opts, fake, 2);
        }
        for (int round = 0; round < rounds; round++) {
            for (String config : configs) {
                double[] row = measure(config, opts, fake, seconds);
                results.get(config).add(row);
                System.out.printf(Locale.ROOT, "  round %d %-18s %6.3f %% of a core, %8.1f samples/s per GPU%n",
                        round + 1, config, row[0], row[1]);
            }
        }
        System.out.println();
        System.out.println("| source | GPUs | interval | samples/s per GPU | % of one core (JVM + tool) | "
                + "CPU per sample | rounds |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Map.Entry<String, List<double[]>> e : results.entrySet()) {
            String[] parts = e.getKey().split(":");
            double pct = median(e.getValue(), 0);
            double hz = median(e.getValue(), 1);
            int gpus = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            String perSample = hz > 0 ? String.format(Locale.ROOT, "%.1f µs", pct / 100 * 1e6 / (hz * gpus)) : "–";
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %.1f | %.3f | %s | %d |%n", parts[0],
                    parts.length > 1 ? parts[1] : "–", parts.length > 2 ? parts[2] + " ms"
                            + (parts.length > 3 ? ", processes every " + parts[3] + " ms" : "") : "–", hz, pct,
                    perSample,
                    e.getValue().size());
        }
    }

    /** One run: {CPU % of a core over the window, samples per second per GPU}. */
    private static double[] measure(String config, Map<String, String> opts, FakeNvml fake, double seconds)
            throws Exception {
        String[] parts = config.split(":");
        long windowNanos = Math.round(seconds * 1e9);
        if (parts[0].equals("idle")) {
            Thread.sleep(500);
            long cpu0 = cpuNanos();
            long t0 = System.nanoTime();
            Thread.sleep(windowNanos / 1_000_000);
            return new double[] {100.0 * (cpuNanos() - cpu0) / (System.nanoTime() - t0), 0};
        }
        int gpus = Integer.parseInt(parts[1]);
        long interval = Long.parseLong(parts[2]);
        Map<String, String> env = new HashMap<>(System.getenv());
        if (fake != null) {
            env.put("MEMLENS_NVML_LIBRARY", fake.library.toString());
            fake.control.fake_nvml_reset(gpus);
            for (int i = 0; i < gpus; i++) {
                fake.control.fake_nvml_set_memory(i, 143771 * Bytes.MIB, 600 * Bytes.MIB, 527 * Bytes.MIB, 0);
                fake.control.fake_nvml_set_readings(i, 50, 400_000);
            }
        }
        if (opts.containsKey("--standin-dir")) {
            env.put("PATH", Path.of(opts.get("--standin-dir")).toAbsolutePath() + ":" + env.get("PATH"));
            env.put("STANDIN_GPUS", Integer.toString(gpus));
            env.put("STANDIN_STATE", Files.createTempDirectory("standin").toString());
        }
        GpuSamplerOptions options = GpuSamplerOptions.defaults(env).withIntervalMs(interval).withSource(parts[0]);
        if (parts.length > 3) {
            options = options.withProcessIntervalMs(Long.parseLong(parts[3])); // 0: no per-process polls
        }
        AtomicLong samples = new AtomicLong();
        try (GpuSampler sampler = GpuSamplers.detect(options)) {
            List<GpuSample> baseline = sampler.baseline();
            if (baseline.size() != gpus) {
                throw new IllegalStateException(config + ": the source shows " + baseline.size() + " GPUs");
            }
            sampler.start(new GpuSampleSink() {
                @Override
                public void onSample(GpuSample sample) {
                    samples.incrementAndGet();
                }

                @Override
                public void onError(GpuSamplerError error) {
                    System.out.println("  " + config + ": " + error.message());
                }
            });
            Thread.sleep(1000); // the tool's start-up and the first ticks are not part of the steady state
            long cpu0 = cpuNanos();
            long n0 = samples.get();
            long t0 = System.nanoTime();
            Thread.sleep(windowNanos / 1_000_000);
            long cpu1 = cpuNanos();
            long n1 = samples.get();
            long elapsed = System.nanoTime() - t0;
            return new double[] {100.0 * (cpu1 - cpu0) / elapsed, (n1 - n0) * 1e9 / elapsed / gpus};
        }
    }

    /**
     * CPU time in nanoseconds of this JVM's threads (GC and JIT included) and of its living descendants (the
     * long-lived tool), from /proc/PID/task/TID/schedstat (nanosecond resolution; the JVM's own process CPU time
     * counts 10 ms ticks, too coarse for fractions of a percent), plus its reaped children (one-shot per-process
     * polls, in ticks).
     */
    private static long cpuNanos() {
        long[] total = {threadsNanos(ProcessHandle.current().pid())};
        ProcessHandle.current().descendants().forEach(p -> total[0] += threadsNanos(p.pid()));
        long reapedTicks = stat(13) + stat(14); // cutime, cstime of /proc/self/stat (fields 16 and 17)
        return total[0] + Math.round(reapedTicks / GpuSamplerBench.CLOCK_TICKS_PER_SECOND * 1e9);
    }

    private static long threadsNanos(long pid) {
        long sum = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    sum += Long.parseLong(Files.readString(task.resolve("schedstat")).split(" ")[0]);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended meanwhile
        }
        return sum;
    }

    /** Field {@code index} (0 = the state, field 3 of proc(5)) of /proc/self/stat. */
    private static long stat(int index) {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[index]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static double median(List<double[]> rows, int column) {
        double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return v.length == 0 ? 0 : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
