package dev.memlens.core.run;

import dev.memlens.core.process.ProgramThreads;
import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.gpu.GpuSampler;
import dev.memlens.core.gpu.GpuSamplerError;
import dev.memlens.core.gpu.GpuSamplerException;
import dev.memlens.core.gpu.GpuToolNotFoundException;
import dev.memlens.core.gpu.SamplingLog;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.library.ReportFiles;
import dev.memlens.core.report.library.RunLibrary;
import dev.memlens.core.report.FailureKind;
import dev.memlens.core.report.RunFailure;
import dev.memlens.core.report.RunStatus;
import dev.memlens.core.process.EndCheck;
import dev.memlens.core.process.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One profiling run: baseline, sampling the whole time, the workload, a final snapshot, the report, saved. Always
 * leaves a report, also when the workload fails, is cancelled or times out. {@link #run()} blocks; {@link #cancel()}
 * may be called from any thread (the Cancel button, Ctrl-C).
 */
public final class ProfileSession {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final SessionSettings settings;
    private final Workload workload;
    private final SessionListener listener;
    private final AtomicReference<String> stopReason = new AtomicReference<>();
    private volatile long startMillis;
    private RunJournal journal;

    public ProfileSession(SessionSettings settings, Workload workload, SessionListener listener) {
        this.settings = settings;
        this.workload = workload;
        this.listener = listener == null ? SessionListener.NONE : listener;
    }

    /** Cancels the run: the workload's process tree ends and the report is saved as cancelled. */
    public void cancel() {
        stop("cancelled by the user");
    }

    private void stop(String reason) {
        if (stopReason.compareAndSet(null, reason)) {
            workload.cancel();
        }
    }

    public SessionOutcome run() throws InterruptedException {
        startMillis = System.currentTimeMillis();
        Instant started = Instant.ofEpochMilli(startMillis);
        String runId = runId(started);
        List<RunFailure> failures = new ArrayList<>();
        PhaseMarkRecorder phaseRecorder = new PhaseMarkRecorder();
        Path scratch = createScratch();
        ReportAssembler assembler = new ReportAssembler(settings, workload, started);
        try {
            journal = RunJournal.open(settings.runsDir(), runId, assembler.skeleton());
        } catch (IOException e) {
            journal = null;
            listener.onWarning("The run journal could not be created (" + e.getMessage()
                    + "); a crash of MemLens would lose this run's samples.");
        }
        phase(RunPhase.STARTING, phaseRecorder);
        phase(RunPhase.BASELINE, phaseRecorder);
        GpuSampler sampler = openSampler(failures);
        TimelineRecorder recorder = new TimelineRecorder(startMillis, listener, journal, new SamplingLog(
                sampler == null ? null : sampler.description(), settings.samplerOptions().intervalMs(), startMillis));
        List<GpuSample> baseline = baseline(sampler, failures);
        if (sampler != null) {
            sampler.start(recorder);
        }
        ScheduledExecutorService timer = scheduleTimeout();
        RunStatus status = RunStatus.COMPLETED;
        String message = null;
        try {
            workload.run(new Context(phaseRecorder, scratch, new JournalingHost(settings.samplerOptions().host(), journal)));
            if (stopReason.get() != null) {
                status = RunStatus.CANCELLED;
                message = stopReason.get();
            }
        } catch (WorkloadFailedException e) {
            status = stopReason.get() != null ? RunStatus.CANCELLED : RunStatus.FAILED;
            message = stopReason.get() != null ? stopReason.get() : e.getMessage();
        } catch (InterruptedException e) {
            stop("interrupted");
            status = RunStatus.CANCELLED;
            message = "interrupted";
        } catch (RuntimeException e) {
            status = RunStatus.FAILED;
            message = "unexpected error: " + e;
        } finally {
            if (timer != null) {
                timer.shutdownNow();
            }
        }
        phase(RunPhase.FINISHING, phaseRecorder);
        if (sampler != null) {
            sampler.stop();
        }
        List<GpuSample> finalSnapshot = finalSnapshot(sampler, recorder);
        if (status != RunStatus.COMPLETED) {
            message = checkLeftRunning(message, failures);
        }
        phase(RunPhase.DONE, phaseRecorder);
        ProfileReport report = assembler.assemble(status, message, baseline, finalSnapshot, recorder,
                phaseRecorder.marks(), failures, System.currentTimeMillis() - startMillis,
                sampler == null ? null : sampler.description());
        SessionOutcome outcome = save(report);
        deleteScratch(scratch);
        listener.onFinished(outcome.report(), outcome.savedTo());
        return outcome;
    }

    /**
     * After a cancel, a timeout or a lost connection on another host: whether the trees ended there are gone, looked
     * at afresh. The status message says so; processes still running there are a failure with their pids and the
     * command that ends them.
     */
    private String checkLeftRunning(String message, List<RunFailure> failures) {
        EndCheck check = settings.samplerOptions().host().checkEndedTrees();
        if (!check.checked()) {
            return message;
        }
        if (check.clean()) {
            return message == null ? check.describe() : message + "; " + check.describe();
        }
        listener.onWarning(check.describe() + (check.killCommand() == null ? "" : ": end them with "
                + check.killCommand()));
        failures.add(new RunFailure(FailureKind.LEFT_RUNNING, check.describe(), check.killCommand() != null
                ? "They may hold GPU memory: end them with " + check.killCommand()
                : "Check the host by hand (ps -ef) for processes of the run and end them."));
        return message;
    }

    private void phase(RunPhase phase, PhaseMarkRecorder phases) {
        if (phases.current() == phase) {
            return; // the workload may already have entered it (e.g. finishing)
        }
        long elapsed = System.currentTimeMillis() - startMillis;
        phases.mark(phase, elapsed);
        if (journal != null) {
            journal.phase(phase, elapsed);
        }
        listener.onPhase(phase, elapsed);
    }

    private GpuSampler openSampler(List<RunFailure> failures) {
        try {
            return settings.samplerFactory().create(settings.samplerOptions());
        } catch (GpuToolNotFoundException e) {
            listener.onWarning(e.getMessage() + " — the run goes on without GPU memory samples.");
            failures.add(new RunFailure(FailureKind.NO_GPU_TOOL, e.getMessage(),
                    "Install the NVIDIA driver's nvidia-smi or ROCm's amd-smi, or run on the GPU machine."));
            return null;
        } catch (GpuSamplerException e) {
            listener.onWarning(e.getMessage() + " — the run goes on without GPU memory samples.");
            failures.add(new RunFailure(FailureKind.GPU_SAMPLER, e.getMessage(),
                    "Pick another GPU source (--source, or the app's settings), or fix the one named."));
            return null;
        }
    }

    private List<GpuSample> baseline(GpuSampler sampler, List<RunFailure> failures) {
        if (sampler == null) {
            return List.of();
        }
        try {
            return sampler.baseline();
        } catch (GpuSamplerException e) {
            listener.onWarning("No baseline: " + e.getMessage());
            failures.add(new RunFailure(FailureKind.GPU_BASELINE, e.getMessage(), "Check that " + sampler.description()
                    + " works on this machine (run it by hand)."));
            return List.of();
        }
    }

    /** One last reading; a driver that fails it now (GPU lost...) makes the whole run's sampling suspect. */
    private List<GpuSample> finalSnapshot(GpuSampler sampler, TimelineRecorder recorder) {
        if (sampler == null) {
            return List.of();
        }
        try {
            return sampler.baseline();
        } catch (GpuSamplerException e) {
            boolean driverFailure = switch (e.kind()) {
                case GPU_LOST, NO_DRIVER, DRIVER_MISMATCH, NO_DEVICES -> true;
                default -> false;
            };
            recorder.onError(new GpuSamplerError(System.currentTimeMillis(), e.kind(),
                    "the final GPU reading failed: " + e.getMessage(), driverFailure));
            return List.of();
        }
    }

    private ScheduledExecutorService scheduleTimeout() {
        if (settings.timeout() == null) {
            return null;
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                ProgramThreads.factory("memlens-run-timeout"));
        long ms = settings.timeout().toMillis();
        timer.schedule(() -> stop("timed out after " + formatSeconds(ms)), ms, TimeUnit.MILLISECONDS);
        return timer;
    }

    private static String formatSeconds(long ms) {
        return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private SessionOutcome save(ProfileReport report) {
        String problem = null;
        Path saved = null;
        try {
            saved = new RunLibrary(settings.runsDir()).save(report);
            if (journal != null) {
                journal.delete();
            }
        } catch (IOException e) {
            problem = "The report could not be saved to the run library " + settings.runsDir() + ": " + e.getMessage();
            listener.onWarning(problem);
        }
        if (settings.outputFile() != null) {
            try {
                ReportFiles.save(report, settings.outputFile());
            } catch (IOException e) {
                problem = "The report could not be written to " + settings.outputFile() + ": " + e.getMessage();
                listener.onWarning(problem);
            }
        }
        return new SessionOutcome(report, saved, problem);
    }

    private String runId(Instant started) {
        String model = workload.model().name() == null ? "model" : workload.model().name();
        String slug = model.replaceAll("[^A-Za-z0-9._-]+", "_");
        if (slug.length() > 40) {
            slug = slug.substring(slug.length() - 40);
        }
        return ID_TIME.format(started) + "-" + workload.mode() + "-" + slug;
    }

    private Path createScratch() {
        try {
            return Files.createTempDirectory("memlens-" + workload.mode() + "-");
        } catch (IOException e) {
            return settings.runsDir();
        }
    }

    private static void deleteScratch(Path scratch) {
        if (scratch == null || !scratch.getFileName().toString().startsWith("memlens-")) {
            return;
        }
        try (var files = Files.walk(scratch)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // the OS cleans its temp folder eventually
        }
    }

    /** The context the workload reports through. */
    private final class Context implements RunContext {
        private final PhaseMarkRecorder phases;
        private final Path scratch;
        private final Host processes;

        Context(PhaseMarkRecorder phases, Path scratch, Host processes) {
            this.phases = phases;
            this.scratch = scratch;
            this.processes = processes;
        }

        @Override
        public void phase(RunPhase phase) {
            // phases only move forward: ranks of a tensor-parallel run repeat the same milestones
            RunPhase current = phases.current();
            if (current == null || phase.ordinal() > current.ordinal()) {
                ProfileSession.this.phase(phase, phases);
            }
        }

        @Override
        public void progress(ProgressUpdate progress) {
            listener.onProgress(progress);
        }

        @Override
        public void logLine(String stream, String line, dev.memlens.core.report.RunFailure failure) {
            listener.onLogLine(stream, line, failure);
        }

        @Override
        public void engineBudget(dev.memlens.core.vllm.breakdown.EngineBudget budget) {
            listener.onEngineBudget(budget);
        }

        @Override
        public void kvUsage(double fraction, Long bytesInUse) {
            listener.onKvUsage(elapsedMillis(), fraction, bytesInUse);
        }

        @Override
        public void vllmMetrics(dev.memlens.core.report.VllmMetricsSeries.Point point) {
            listener.onVllmMetrics(point);
        }

        @Override
        public void warning(String message) {
            listener.onWarning(message);
        }

        @Override
        public Host processes() {
            return processes;
        }

        @Override
        public Map<String, String> environment() {
            return settings.environment();
        }

        @Override
        public Path scratchDir() {
            return scratch;
        }

        @Override
        public long elapsedMillis() {
            return System.currentTimeMillis() - startMillis;
        }

        @Override
        public long startedAtEpochMillis() {
            return startMillis;
        }
    }
}
