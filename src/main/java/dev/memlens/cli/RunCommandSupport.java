package dev.memlens.cli;

import dev.memlens.core.gpu.SamplingHealth;
import dev.memlens.core.compare.ComparisonText;
import dev.memlens.core.compare.MemoryComparison;
import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.process.ProgramThreads;
import dev.memlens.core.gpu.GpuSamplerOptions;
import dev.memlens.core.gpu.GpuSources;
import dev.memlens.core.report.CalculatorValues;
import dev.memlens.core.report.HumanNames;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunFailure;
import dev.memlens.core.report.RunStatus;
import dev.memlens.core.run.ProfileSession;
import dev.memlens.core.run.ProgressUpdate;
import dev.memlens.core.run.RunPhase;
import dev.memlens.core.run.SessionListener;
import dev.memlens.core.run.SessionOutcome;
import dev.memlens.core.run.SessionSettings;
import dev.memlens.core.run.Workload;
import dev.memlens.core.settings.AppDirectories;
import dev.memlens.core.ssh.SshException;
import dev.memlens.core.ssh.SshHost;
import dev.memlens.core.units.Bytes;
import dev.memlens.core.units.MemoryUnit;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a profiling session from the command line: a progress line on stderr, a summary on stdout, Ctrl-C (SIGINT or
 * SIGTERM) cancels exactly as the Cancel button does and waits for the report to be saved; the exit code follows
 * {@link ExitCodes} (124 for --timeout, 130 SIGINT, 143 SIGTERM, 1 when the report could not be written).
 */
public final class RunCommandSupport {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_CANCELLED = ExitCodes.SIGINT;

    private RunCommandSupport() {
    }

    /** Builds the workload once it is known where it runs ({@code host} null: this machine). */
    @FunctionalInterface
    public interface WorkloadOnHost {
        Workload create(SshHost host) throws SshException;
    }

    public static int run(Workload workload, RunOptions options, PrintWriter out, PrintWriter err) {
        return run(workload.mode(), host -> workload, options, options.environment, options.directories, null, out,
                err);
    }

    /** For workloads that depend on the host (api mode forwards the server's port over ssh). */
    public static int run(String mode, WorkloadOnHost workload, RunOptions options, PrintWriter out,
                          PrintWriter err) {
        return run(mode, workload, options, options.environment, options.directories, null, out, err);
    }

    static int run(Workload workload, RunOptions options, Map<String, String> env, AppDirectories dirs,
                   SessionSettings.SamplerFactory samplerFactory, PrintWriter out, PrintWriter err) {
        return run(workload.mode(), host -> workload, options, env, dirs, samplerFactory, out, err);
    }

    static int run(String mode, WorkloadOnHost workload, RunOptions options, Map<String, String> env,
                   AppDirectories dirs, SessionSettings.SamplerFactory samplerFactory, PrintWriter out,
                   PrintWriter err) {
        Path runsDir = options.runsDir != null ? options.runsDir : dirs.runsDir();
        GpuSamplerOptions sampling;
        String command = "memlens " + mode;
        try {
            options.validate();
            sampling = GpuSamplerOptions.defaults(env).withIntervalMs(options.intervalMs);
            String invalidSource = GpuSources.validate(options.source, options.intervalMs);
            if (invalidSource == null && options.ssh.given()) {
                invalidSource = GpuSources.validateOnOtherHost(options.source);
            }
            if (invalidSource != null) {
                throw new IllegalArgumentException(invalidSource);
            }
            sampling = options.prometheus.apply(sampling, options.source, options.ssh.given());
        } catch (IllegalArgumentException e) {
            err.println(command + ": " + e.getMessage());
            err.println("Try '" + command + " --help' for the options.");
            err.flush();
            return CommandLineErrors.USAGE; // before anything is recovered, started or saved
        }
        EarlierRuns.recover(runsDir, options.endSurvivors, err);
        if (options.gpus != null) {
            sampling = sampling.withGpuIndices(options.gpus);
        }
        if (!options.ssh.given()) {
            try {
                return run(workload.create(null), options, env, runsDir, sampling, samplerFactory, out, err);
            } catch (SshException e) {
                throw new IllegalStateException("no ssh without --host", e);
            }
        }
        try (SshHost host = options.ssh.connect(env)) {
            err.println("memlens: connected to " + host.target() + " over ssh; the run and its sampling happen there");
            err.flush();
            return run(workload.create(host), options, env, runsDir, sampling.withHost(host), samplerFactory, out,
                    err);
        } catch (SshException e) {
            err.println("memlens: " + e.getMessage());
            err.flush();
            return SshOptions.exitCode(e);
        }
    }

    private static int run(Workload workload, RunOptions options, Map<String, String> env, Path runsDir,
                           GpuSamplerOptions sampling, SessionSettings.SamplerFactory samplerFactory, PrintWriter out,
                           PrintWriter err) {
        SessionSettings settings = new SessionSettings(runsDir, sampling, samplerFactory, env,
                options.timeoutSeconds == null ? null : Duration.ofMillis(Math.round(options.timeoutSeconds * 1000)),
                options.output, options.calcTotal == null ? null
                        : new CalculatorValues(Map.of(), Bytes.fromGb(options.calcTotal), "command line"));
        ProgressLine progress = new ProgressLine(err);
        ProfileSession session = new ProfileSession(settings, workload, progress);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = ProgramThreads.addShutdownHook("memlens-cancel-on-exit", () -> {
            session.cancel();
            try {
                finished.await(60, TimeUnit.SECONDS); // let the report be saved before the JVM exits
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        SessionOutcome outcome;
        int signalExit;
        try (SignalCancel signals = new SignalCancel(session::cancel)) {
            try {
                outcome = session.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCodes.SIGINT;
            } finally {
                finished.countDown();
                ProgramThreads.removeShutdownHook(hook);
            }
            signalExit = signals.signalExitCode();
        }
        progress.end();
        printSummary(outcome, out);
        return exitCode(outcome, options, signalExit);
    }

    /** The contract of {@link ExitCodes} for a finished session. */
    static int exitCode(SessionOutcome outcome, RunOptions options, int signalExit) {
        return switch (outcome.report().status()) {
            case COMPLETED -> outcome.saveProblem() != null ? EXIT_FAILED : EXIT_OK;
            case CANCELLED, INTERRUPTED -> signalExit != 0 ? signalExit
                    : options.timeoutSeconds != null ? ExitCodes.TIMEOUT : ExitCodes.SIGINT;
            case FAILED -> EXIT_FAILED;
        };
    }

    static void printSummary(SessionOutcome outcome, PrintWriter out) {
        ProfileReport r = outcome.report();
        MemoryUnit u = MemoryUnit.GIB;
        out.printf(Locale.ROOT, "%s run %s: %s%n", r.mode() == null ? "" : r.mode().tag(), r.status().tag(),
                r.statusMessage() == null ? r.model().name() : r.model().name() + " — " + r.statusMessage());
        r.gpus().devices().forEach(d -> out.printf(Locale.ROOT, "  GPU %d %s: baseline %s, peak %s%n", d.index(),
                d.name() == null ? "" : d.name(), size(d.baselineUsedBytes(), u), size(d.peakUsedBytes(), u)));
        if (r.sampling() != null) {
            SamplingHealth sampling = r.sampling();
            out.println("  GPU sampling" + (sampling.status() == SamplingHealth.Status.OK ? ": " : " ("
                    + sampling.status().tag().replace('_', ' ') + "): ") + sampling.summary());
        }
        if (r.vllmMetrics() != null) {
            out.println("  vLLM metrics (" + r.vllmMetrics().points().size() + " scrapes"
                    + (r.vllmMetrics().source() == null ? "" : ", " + r.vllmMetrics().source()) + "): "
                    + r.vllmMetrics().summary().describe());
        }
        String banner = ComparisonText.banner(r);
        if (!banner.isEmpty()) {
            out.println("  NOTE: " + banner);
        }
        if (!r.account().isEmpty()) {
            out.println("  Memory account:");
            AccountLines.print(out, r.account(), u, "    ");
        }
        if (r.latency() != null && r.latency().avgSeconds() != null) {
            out.printf(Locale.ROOT, "  Latency: %s %.3f s%s%n", HumanNames.MEAN,
                    r.latency().avgSeconds(), r.latency().percentile("99") == null ? "" : String.format(Locale.ROOT,
                            ", %s %.3f s", HumanNames.percentile("99"), r.latency().percentile("99")));
        }
        MemoryComparison.of(r).ifPresent(c -> out.printf(Locale.ROOT, "  Calculator (%s): %s — %s%n",
                r.calculator().source(), ComparisonText.headline(c), ComparisonText.detail(c, u)));
        for (RunFailure f : r.failures()) {
            out.println("  Problem: " + f.message() + (f.advice() == null ? "" : "\n    What to do: " + f.advice()));
        }
        out.println(outcome.savedTo() != null ? "  Report saved to " + outcome.savedTo()
                : "  The report was not saved to the run library: " + outcome.saveProblem());
        out.flush();
    }

    private static String size(Long bytes, MemoryUnit u) {
        return bytes == null ? "—" : Bytes.format(bytes, u);
    }

    /** The one-line progress display on stderr (a new line per phase when stderr is not a terminal). */
    static final class ProgressLine implements SessionListener {
        private final PrintWriter err;
        private final boolean terminal = System.console() != null;
        private final Map<Integer, Long> latestUsed = new ConcurrentHashMap<>();
        private volatile String phase = "";
        private volatile String detail = "";
        private volatile long lastDraw;

        ProgressLine(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void onPhase(RunPhase p, long elapsedMillis) {
            phase = p.label();
            detail = "";
            if (!terminal) {
                synchronized (this) {
                    err.printf(Locale.ROOT, "[%6.1f s] %s%n", elapsedMillis / 1000.0, phase);
                    err.flush();
                }
            } else {
                draw(true);
            }
        }

        @Override
        public void onProgress(ProgressUpdate progress) {
            detail = progress.toString();
            if (!terminal && progress.total() > 0 && progress.done() == progress.total()) {
                synchronized (this) {
                    err.println("           " + detail);
                    err.flush();
                }
            }
            draw(false);
        }

        @Override
        public void onSample(GpuSample sample, long elapsedMillis) {
            latestUsed.put(sample.index(), sample.usedBytes());
            draw(false);
        }

        @Override
        public void onWarning(String message) {
            synchronized (this) {
                err.println((terminal ? "\r" : "") + "memlens: " + message);
                err.flush();
            }
        }

        private void draw(boolean force) {
            if (!terminal) {
                return;
            }
            long now = System.currentTimeMillis();
            if (!force && now - lastDraw < 250) {
                return;
            }
            lastDraw = now;
            StringBuilder gpus = new StringBuilder();
            latestUsed.forEach((i, b) -> gpus.append(String.format(Locale.ROOT, " · GPU%d %.2f GiB", i, Bytes.toGib(b))));
            synchronized (this) {
                err.print("\r\033[K" + phase + (detail.isEmpty() ? "" : " " + detail) + gpus);
                err.flush();
            }
        }

        void end() {
            if (terminal) {
                err.println();
                err.flush();
            }
        }
    }
}
