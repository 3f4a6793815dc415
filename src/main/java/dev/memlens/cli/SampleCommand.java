package dev.memlens.cli;

import dev.memlens.core.gpu.GpuGap;
import dev.memlens.core.gpu.GpuProcessSample;
import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.process.ProgramThreads;
import dev.memlens.core.gpu.GpuSampleSink;
import dev.memlens.core.gpu.GpuSampler;
import dev.memlens.core.gpu.GpuSamplerError;
import dev.memlens.core.gpu.GpuSamplerException;
import dev.memlens.core.gpu.GpuSamplerOptions;
import dev.memlens.core.gpu.GpuSamplers;
import dev.memlens.core.gpu.GpuSources;
import dev.memlens.core.gpu.PeakTracker;
import dev.memlens.core.gpu.trace.SampleCsv;
import dev.memlens.core.ssh.SshException;
import dev.memlens.core.ssh.SshHost;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code memlens sample}: records live GPU samples to a CSV that {@code memlens trace} reads back. With --output the
 * rows are journalled to a hidden ".NAME.partial" file beside the target as they come (a crash keeps them), and the
 * file is moved into place atomically at the end; without it they go to stdout.
 */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Samples GPU memory (NVML in process, nvidia-smi, amd-smi, rocm-smi or amdgpu sysfs, detected"
                + " or named with --source; or a Prometheus server's exporter series with --prometheus URL) and"
                + " writes a CSV that 'memlens trace' reads back; prints each GPU's peak with its time at the end.",
                "Honours CUDA_VISIBLE_DEVICES / HIP_VISIBLE_DEVICES / ROCR_VISIBLE_DEVICES and"
                        + " MEMLENS_NVML_LIBRARY (the NVML library file to load)."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:samples were written", "1:no GPU tool was found, or no sample could be taken",
                ExitCodes.LINE_USAGE, ExitCodes.LINE_SIGINT, ExitCodes.LINE_SIGTERM})
public final class SampleCommand implements Callable<Integer> {
    @Option(names = "--interval-ms", paramLabel = "N", defaultValue = "100",
            description = "time between samples in milliseconds (default ${DEFAULT-VALUE}; at least 1 with NVML,"
                    + " up to 1 kHz for one GPU, at least 10 with the tools)")
    long intervalMs;

    @Option(names = "--source", paramLabel = "SOURCE", defaultValue = "auto",
            description = "where GPU memory is read: auto (default: NVML when it loads, else nvidia-smi, amd-smi,"
                    + " rocm-smi, sysfs), nvml, nvidia-smi, amd-smi, rocm-smi, sysfs, or prometheus (with"
                    + " --prometheus URL, which implies it)")
    String source;

    @Option(names = "--gpus", paramLabel = "INDEX", split = ",",
            description = "GPUs to sample (indices, comma-separated); default: the visible ones")
    List<Integer> gpus;

    @Option(names = "--duration", paramLabel = "S",
            description = "seconds to sample (decimals allowed); default: until interrupted (Ctrl-C)")
    Double durationSeconds;

    @Option(names = "--output", paramLabel = "FILE", description = "CSV file to write; default: standard output")
    Path output;

    @CommandLine.Mixin
    PrometheusSourceOptions prometheus = new PrometheusSourceOptions();

    @CommandLine.Mixin
    SshOptions ssh = new SshOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;

    public SampleCommand() {
        this(System.getenv());
    }

    /** For tests: the environment (PATH, *_VISIBLE_DEVICES) the GPU tool is searched and run with. */
    public SampleCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() throws IOException {
        if (!ssh.given()) {
            return sample(null);
        }
        PrintWriter err = spec.commandLine().getErr();
        if (prometheus.given()) {
            err.println("memlens sample: give --host or --prometheus, not both");
            return CommandLineErrors.USAGE;
        }
        try (SshHost host = ssh.connect(environment)) {
            return sample(host);
        } catch (SshException e) {
            err.println("memlens sample: " + e.getMessage());
            err.flush();
            return SshOptions.exitCode(e);
        }
    }

    private int sample(SshHost host) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (durationSeconds != null && !(durationSeconds > 0)) {
            err.println("memlens sample: --duration must be more than 0 seconds, got " + durationSeconds);
            return 2;
        }
        String invalidSource = GpuSources.validate(source, intervalMs);
        if (invalidSource == null && host != null) {
            invalidSource = GpuSources.validateOnOtherHost(source);
        }
        if (invalidSource != null) {
            err.println("memlens sample: " + invalidSource);
            return 2;
        }
        GpuSamplerOptions options;
        try {
            options = prometheus.apply(GpuSamplerOptions.defaults(environment).withIntervalMs(intervalMs), source,
                    host != null);
        } catch (IllegalArgumentException e) {
            err.println("memlens sample: " + e.getMessage());
            return 2;
        }
        if (gpus != null) {
            options = options.withGpuIndices(gpus);
        }
        if (host != null) {
            options = options.withHost(host);
        }
        GpuSampler sampler;
        List<GpuSample> baseline;
        try {
            sampler = GpuSamplers.detect(options);
            baseline = sampler.baseline();
        } catch (IllegalArgumentException | GpuSamplerException e) {
            err.println("memlens sample: " + e.getMessage());
            err.flush();
            return 1;
        }
        err.println("sampling " + baseline.size() + " GPU(s) with " + sampler.description() + " every " + intervalMs
                + " ms" + (output == null ? "" : " into " + output));
        err.flush();
        Path journal = output == null ? null
                : output.toAbsolutePath().resolveSibling("." + output.getFileName() + ".partial");
        Writer writer = journal == null ? spec.commandLine().getOut()
                : Files.newBufferedWriter(journal, StandardCharsets.UTF_8);
        CsvSink sink = new CsvSink(writer, err);
        // Ctrl-C: end the wait below and give the main thread a moment to move the journal into place
        CountDownLatch finalized = new CountDownLatch(1);
        Thread hook = ProgramThreads.addShutdownHook("memlens-sample-shutdown", () -> {
            sink.end.countDown();
            try {
                finalized.await(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            sink.write(SampleCsv.preamble());
            sampler.start(sink);
            awaitEnd(sink);
        } finally {
            sampler.stop();
            ProgramThreads.removeShutdownHook(hook);
            if (journal != null) {
                writer.close();
            } else {
                writer.flush();
            }
        }
        if (journal != null) {
            moveIntoPlace(journal, output.toAbsolutePath());
        }
        finalized.countDown();
        err.println("wrote " + sink.samples.get() + " sample(s)" + (output == null ? "" : " to " + output));
        sink.peaks.lines(baseline).forEach(err::println);
        err.flush();
        return sink.samples.get() == 0 && sink.fatal ? 1 : 0;
    }

    private void awaitEnd(CsvSink sink) {
        try {
            if (durationSeconds == null) {
                sink.end.await();
            } else {
                sink.end.await(Math.round(durationSeconds * 1000), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void moveIntoPlace(Path journal, Path target) throws IOException {
        try {
            Files.move(journal, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(journal, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Writes every event as a CSV row and reports errors on stderr. */
    private static final class CsvSink implements GpuSampleSink {
        /** Sample rows are flushed at most this often (at 1 kHz a flush per row would cost more than the reading). */
        private static final long FLUSH_EVERY_NANOS = 50_000_000L;
        final AtomicInteger samples = new AtomicInteger();
        final PeakTracker peaks = new PeakTracker();
        private long lastFlushNanos = System.nanoTime();
        /** Counted down by a fatal sampler error, a write failure or Ctrl-C. */
        final CountDownLatch end = new CountDownLatch(1);
        volatile boolean fatal;
        private final Writer writer;
        private final PrintWriter err;

        CsvSink(Writer writer, PrintWriter err) {
            this.writer = writer;
            this.err = err;
        }

        void write(String text) {
            write(text, true);
        }

        synchronized void write(String text, boolean flush) {
            try {
                writer.write(text);
                long now = System.nanoTime();
                if (flush || now - lastFlushNanos >= FLUSH_EVERY_NANOS) {
                    writer.flush();
                    lastFlushNanos = now;
                }
            } catch (IOException e) {
                err.println("memlens sample: could not write the CSV: " + e.getMessage());
                fatal = true;
                end.countDown();
            }
        }

        @Override
        public void onSample(GpuSample sample) {
            samples.incrementAndGet();
            peaks.add(sample);
            write(SampleCsv.row(sample), false);
        }

        @Override
        public void onProcesses(long timestampMillis, List<GpuProcessSample> processes) {
            processes.forEach(p -> write(SampleCsv.row(p)));
        }

        @Override
        public void onGap(GpuGap gap) {
            write(SampleCsv.row(gap));
        }

        @Override
        public void onError(GpuSamplerError error) {
            write(SampleCsv.noteRow("error", error.timestampMillis(), error.message()));
            synchronized (err) {
                err.println((error.fatal() ? "error: " : "warning: ") + error.message());
                err.flush();
            }
            if (error.fatal()) {
                fatal = true;
                end.countDown();
            }
        }

        @Override
        public void onWarning(String message) {
            write(SampleCsv.noteRow("warning", System.currentTimeMillis(), message));
            synchronized (err) {
                err.println("warning: " + message);
                err.flush();
            }
        }
    }
}
