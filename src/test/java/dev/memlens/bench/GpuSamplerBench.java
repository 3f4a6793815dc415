package dev.memlens.bench;

import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.gpu.GpuSampleSink;
import dev.memlens.core.gpu.GpuSamplerError;
import dev.memlens.core.gpu.GpuSamplerOptions;
import dev.memlens.core.gpu.GpuSamplers;
import dev.memlens.core.gpu.nvidia.NvidiaSmiSampler;
import dev.memlens.core.gpu.ToolOutput;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * CPU cost per sample of the long-lived nvidia-smi reader against a spawn-per-sample loop (what the original scripts
 * did). Child CPU is what the JVM's reaped children used (cutime+cstime of /proc/self/stat, which includes the tool
 * once it has been stopped and waited for); JVM CPU is the thread CPU time of the sampler's threads (or of the
 * spawning thread). Linux only. Not a test: run it explicitly.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) dev.memlens.bench.GpuSamplerBench \
 *     [--nvidia-smi PATH] [--seconds 6] [--warmup-seconds 2] [--intervals 100,50,20,10] [--spawn-intervals 100,0]
 * </pre>
 */
public final class GpuSamplerBench {
    private static final String QUERY = "--query-gpu=index,uuid,memory.used,memory.total,memory.reserved,"
            + "utilization.gpu,power.draw,name";
    static final double CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux x86-64 and arm64

    private GpuSamplerBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        Map<String, String> env = new HashMap<>(System.getenv());
        double seconds = Double.parseDouble(opts.getOrDefault("--seconds", "6"));
        Path nvidiaSmi = Path.of(opts.containsKey("--nvidia-smi") ? opts.get("--nvidia-smi") : which("nvidia-smi", env));
        System.out.printf(Locale.ROOT, "tool %s, %d cores, %s%n", nvidiaSmi, Runtime.getRuntime().availableProcessors(),
                cpuModel());
        // warm-up: JIT-compile the reader and parser so the first measured row is not mostly class loading
        longLived(nvidiaSmi, env, 10, Double.parseDouble(opts.getOrDefault("--warmup-seconds", "2")), false);
        System.out.println("mode        interval_ms  target_hz  achieved_hz_per_gpu  gpus  lines  child_cpu_ms  "
                + "jvm_cpu_ms  cpu_ms_per_line  core_pct");
        for (String interval : opts.getOrDefault("--intervals", "100,50,20,10").split(",")) {
            longLived(nvidiaSmi, env, Long.parseLong(interval), seconds, true);
        }
        for (String interval : opts.getOrDefault("--spawn-intervals", "100,0").split(",")) {
            spawnPerSample(nvidiaSmi, env, Long.parseLong(interval), seconds);
        }
    }

    private static void longLived(Path tool, Map<String, String> env, long intervalMs, double seconds,
                                  boolean print) throws Exception {
        GpuSamplerOptions options = GpuSamplerOptions.defaults(env).withIntervalMs(intervalMs)
                .withProcessIntervalMs(0);
        NvidiaSmiSampler sampler = GpuSamplers.nvidia(tool, options);
        int gpus = sampler.baseline().size();
        AtomicInteger lines = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        GpuSampleSink sink = new GpuSampleSink() {
            @Override
            public void onSample(GpuSample sample) {
                lines.incrementAndGet();
            }

            @Override
            public void onError(GpuSamplerError error) {
                errors.incrementAndGet();
                System.err.println("sampler error: " + error.message());
            }
        };
        double child0 = childCpuMs();
        long wall0 = System.nanoTime();
        sampler.start(sink);
        Thread.sleep((long) (seconds * 1000));
        int count = lines.get();
        double wall = (System.nanoTime() - wall0) / 1e9;
        double jvm = samplerThreadsCpuMs();
        sampler.stop();
        double child = childCpuMs() - child0;
        if (print) {
            report("long-lived", intervalMs, gpus, count, wall, child, jvm);
        }
    }

    private static void spawnPerSample(Path tool, Map<String, String> env, long intervalMs, double seconds)
            throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<String> command = new ArrayList<>(List.of(tool.toString(), QUERY, "--format=csv,noheader,nounits"));
        int gpus = 0;
        int count = 0;
        double child0 = childCpuMs();
        long thread0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        long end = wall0 + (long) (seconds * 1e9);
        long next = wall0;
        while (System.nanoTime() < end) {
            List<String> out = ToolOutput.run(command, env, Duration.ofSeconds(10)).lines();
            gpus = out.size();
            count += out.size();
            next += intervalMs * 1_000_000L;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
            } else {
                next = System.nanoTime();
            }
        }
        double wall = (System.nanoTime() - wall0) / 1e9;
        double jvm = (threads.getCurrentThreadCpuTime() - thread0) / 1e6;
        double child = childCpuMs() - child0;
        report("spawn-each", intervalMs, gpus, count, wall, child, jvm);
    }

    private static void report(String mode, long intervalMs, int gpus, int lines, double wallSeconds, double childMs,
                               double jvmMs) {
        double perLine = lines == 0 ? Double.NaN : (childMs + jvmMs) / lines;
        double corePct = (childMs + jvmMs) / (wallSeconds * 1000) * 100;
        System.out.printf(Locale.ROOT, "%-11s %11d  %9s  %19.1f  %4d  %5d  %12.0f  %10.1f  %15.3f  %8.2f%n", mode,
                intervalMs, intervalMs == 0 ? "max" : String.format(Locale.ROOT, "%.0f", 1000.0 / intervalMs),
                lines / Math.max(1, gpus) / wallSeconds, gpus, lines, childMs, jvmMs, perLine, corePct);
    }

    /** CPU time of the JVM's terminated, waited-for children (and their waited-for children), in ms. */
    private static double childCpuMs() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state); cutime and cstime are fields 16 and 17
        long ticks = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
    }

    private static double samplerThreadsCpuMs() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long nanos = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("memlens-nvidia-smi") || t.getName().startsWith("memlens-proc-nvidia-smi")) {
                nanos += Math.max(0, mx.getThreadCpuTime(t.getId()));
            }
        }
        return nanos / 1e6;
    }

    private static String which(String name, Map<String, String> env) {
        return dev.memlens.core.process.ExecutableLocator.locate(name, env.get("PATH"), null).map(Path::toString)
                .orElseThrow(() -> new IllegalStateException(name + " not on PATH: pass --nvidia-smi PATH"));
    }

    /** "--name value" pairs of a benchmark's command line. */
    static Map<String, String> options(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        return opts;
    }

    /** The CPU's model name from /proc/cpuinfo, for the benchmarks' headers. */
    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
