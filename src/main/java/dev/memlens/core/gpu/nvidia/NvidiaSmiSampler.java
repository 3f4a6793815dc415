package dev.memlens.core.gpu.nvidia;

import dev.memlens.core.gpu.GpuGap;
import dev.memlens.core.gpu.GpuProcessSample;
import dev.memlens.core.gpu.GpuSample;
import dev.memlens.core.gpu.GpuSampleSink;
import dev.memlens.core.gpu.GpuSampler;
import dev.memlens.core.gpu.GpuSamplerError;
import dev.memlens.core.gpu.GpuSamplerException;
import dev.memlens.core.gpu.GpuSamplerOptions;
import dev.memlens.core.gpu.GpuSelection;
import dev.memlens.core.gpu.SinkDispatcher;
import dev.memlens.core.gpu.ToolOutput;
import dev.memlens.core.process.Host;
import dev.memlens.core.process.LineTooLongException;
import dev.memlens.core.process.ManagedProcess;
import dev.memlens.core.process.OutputListener;
import dev.memlens.core.process.ProcessOutcome;
import dev.memlens.core.process.ProcessResult;
import dev.memlens.core.process.ProcessSpec;
import dev.memlens.core.process.ProgramThreads;
import dev.memlens.core.process.StreamKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Samples NVIDIA GPUs with one long-lived {@code nvidia-smi --query-gpu=... --format=csv,noheader,nounits -lms N}
 * (about 0.26 ms of CPU per line, against ~19 ms for a new nvidia-smi per sample). A supervisor thread reads the
 * lines a pump thread hands over; a tool that prints no usable line for {@code hangIntervals} intervals, or exits,
 * is killed and restarted (bounded), and the gap is reported. Driver errors end sampling with one clear error.
 * Per-process memory comes from a slower {@code --query-compute-apps} poll.
 */
public final class NvidiaSmiSampler implements GpuSampler {
    /** Fields in query order; the name goes last so that commas in it cannot shift other columns. */
    private static final List<SmiField> FULL_QUERY = List.of(SmiField.INDEX, SmiField.UUID, SmiField.MEMORY_USED,
            SmiField.MEMORY_TOTAL, SmiField.MEMORY_RESERVED, SmiField.UTILIZATION_GPU, SmiField.POWER_DRAW,
            SmiField.NAME);
    /** Older drivers lack these; they are dropped from the query when nvidia-smi rejects them. */
    private static final Set<SmiField> OPTIONAL = Set.of(SmiField.MEMORY_RESERVED, SmiField.POWER_DRAW,
            SmiField.UTILIZATION_GPU);
    private static final long STARTUP_WINDOW_MS = 3000;
    private static final long MIN_HANG_WINDOW_MS = 200;
    private static final String EOF = new String("<eof>");
    private static final String OVERLONG = new String("<overlong>");
    private static final int MAX_LINE_CHARS = dev.memlens.core.process.BoundedLineReader.DEFAULT_MAX_LINE_CHARS;
    /** A tick of 8 GPUs is 8 lines; this is minutes of backlog, and still a bound. */
    private static final int MAX_QUEUED_LINES = 4096;

    private final Path executable;
    private final GpuSamplerOptions options;
    private final GpuSelection selection;
    private final Object processLock = new Object();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Map<String, Long> processBytesByUuid = new ConcurrentHashMap<>();
    private final Map<String, Integer> indexByUuid = new ConcurrentHashMap<>();
    private final Set<String> warnedUnified = ConcurrentHashMap.newKeySet();
    private final Set<String> warnedRejections = ConcurrentHashMap.newKeySet();

    private volatile List<SmiField> fields;
    private volatile boolean running;
    private volatile boolean processesPolled;
    private ManagedProcess current;
    private Thread supervisor;
    private Thread processPoller;
    private SinkDispatcher dispatcher;
    private boolean startedOnce;

    public NvidiaSmiSampler(Path executable, GpuSamplerOptions options, GpuSelection selection) {
        this.executable = executable;
        this.options = options;
        this.selection = selection;
    }

    @Override
    public String description() {
        return "nvidia-smi (" + executable + (options.host() == Host.local() ? "" : " on "
                + options.host().description()) + ")";
    }

    /** The command of the long-lived reader, for logs and the benchmark. */
    public List<String> loopCommand() {
        List<String> command = oneShotCommand(fields == null ? FULL_QUERY : fields);
        command.add("-lms");
        command.add(Long.toString(options.intervalMs()));
        return command;
    }

    @Override
    public List<GpuSample> baseline() throws GpuSamplerException {
        List<SmiField> query = negotiateFields();
        ToolOutput result = runOnce(oneShotCommand(query));
        Optional<SmiDiagnostics.Diagnosis> diagnosis = SmiDiagnostics.diagnose(result.lines());
        if (diagnosis.isPresent()) {
            throw new GpuSamplerException(diagnosis.get().kind(), diagnosis.get().message());
        }
        long now = System.currentTimeMillis();
        SmiCsvParser parser = new SmiCsvParser(query, ZoneOffset.UTC);
        List<SmiRow> rows = new ArrayList<>();
        for (String line : result.lines()) {
            parser.parse(line).filter(r -> selection.matches(r.index(), r.uuid())).ifPresent(rows::add);
        }
        if (rows.isEmpty()) {
            throw new GpuSamplerException(GpuSamplerError.Kind.NO_DEVICES, "nvidia-smi listed no GPU matching "
                    + selection + " (exit code " + result.exitCode() + ", output: \"" + abbreviate(result.text())
                    + "\"): check the selection against nvidia-smi -L");
        }
        rows.forEach(r -> rememberIndex(r));
        if (rows.stream().anyMatch(r -> !r.hasMemory())) {
            pollProcesses(null);
        }
        List<GpuSample> samples = new ArrayList<>();
        for (SmiRow row : rows) {
            toSample(row, now, null).ifPresent(samples::add);
        }
        return samples;
    }

    @Override
    public void start(GpuSampleSink sink) {
        synchronized (processLock) {
            if (startedOnce || stopped.getCount() == 0) {
                throw new IllegalStateException("a GpuSampler starts once and not after stop(); create a new one");
            }
            startedOnce = true;
            running = true;
            dispatcher = new SinkDispatcher(sink);
        }
        supervisor = ProgramThreads.start("memlens-nvidia-smi-reader", this::superviseLoop, e -> dispatcher.error(
                new GpuSamplerError(System.currentTimeMillis(), GpuSamplerError.Kind.TOOL_FAILED,
                        "the nvidia-smi reader stopped on an internal error (" + e + "): sampling stopped", true)));
        long processInterval = options.processIntervalMs();
        if (processInterval > 0) {
            processPoller = ProgramThreads.start("memlens-nvidia-smi-processes", () -> processLoop(processInterval),
                    e -> dispatcher.warning("per-process GPU memory stopped on an internal error (" + e + ")"));
        }
    }

    @Override
    public void stop() {
        ManagedProcess toKill;
        synchronized (processLock) {
            running = false;
            toKill = current;
        }
        stopped.countDown();
        if (toKill != null) {
            toKill.cancelAndWait();
        }
        for (Thread thread : new Thread[] {supervisor, processPoller}) {
            if (thread != null) {
                thread.interrupt();
                ProgramThreads.joinBounded(thread, options.stopGrace().toMillis() + 2000);
            }
        }
    }

    private void superviseLoop() {
        try {
            fields = negotiateFields();
        } catch (GpuSamplerException e) {
            dispatcher.error(new GpuSamplerError(System.currentTimeMillis(), e.kind(), e.getMessage(), true));
            return;
        }
        SmiCsvParser parser = new SmiCsvParser(fields, ZoneOffset.UTC);
        long lastSampleMillis = -1;
        boolean gapOpen = false;
        int restartsInRow = 0;
        while (running) {
            RunOutcome outcome = readOneRun(parser, lastSampleMillis, gapOpen);
            lastSampleMillis = outcome.lastSampleMillis;
            if (!running) {
                return;
            }
            if (outcome.diagnosis != null) {
                dispatcher.error(new GpuSamplerError(System.currentTimeMillis(), outcome.diagnosis.kind(),
                        outcome.diagnosis.message(), true));
                closeGap(lastSampleMillis, "nvidia-smi failed: " + outcome.diagnosis.kind());
                return;
            }
            // a run that sampled for a good while was healthy: count restarts afresh, so rare hiccups never stop
            // sampling, while a tool that hangs again right after every restart is given up after maxRestarts
            restartsInRow = outcome.healthyNanos >= TimeUnit.MILLISECONDS.toNanos(10 * hangWindow()) ? 1
                    : restartsInRow + 1;
            gapOpen = true;
            if (restartsInRow > options.maxRestarts()) {
                dispatcher.error(new GpuSamplerError(System.currentTimeMillis(), outcome.failureKind,
                        "nvidia-smi " + outcome.reason + ", and restarting it " + options.maxRestarts()
                                + " times did not help: sampling stopped; run nvidia-smi by hand to see what is wrong",
                        true));
                closeGap(lastSampleMillis, outcome.reason);
                return;
            }
            dispatcher.error(new GpuSamplerError(System.currentTimeMillis(), outcome.failureKind,
                    "nvidia-smi " + outcome.reason + "; restarting it (" + restartsInRow + " of "
                            + options.maxRestarts() + ")", false));
            awaitStop(Math.min(1000, options.intervalMs() * restartsInRow));
        }
    }

    private void closeGap(long lastSampleMillis, String reason) {
        if (lastSampleMillis >= 0) {
            dispatcher.gap(new GpuGap(lastSampleMillis, System.currentTimeMillis(), reason));
        }
    }

    /** Result of one nvidia-smi process's life. */
    private static final class RunOutcome {
        long lastSampleMillis;
        boolean sawSample;
        long healthyNanos;
        SmiDiagnostics.Diagnosis diagnosis;
        GpuSamplerError.Kind failureKind = GpuSamplerError.Kind.TOOL_FAILED;
        String reason = "stopped";
    }

    private RunOutcome readOneRun(SmiCsvParser parser, long lastSampleMillis, boolean gapOpen) {
        RunOutcome outcome = new RunOutcome();
        outcome.lastSampleMillis = lastSampleMillis;
        BlockingQueue<String> lines = new LinkedBlockingQueue<>(MAX_QUEUED_LINES);
        ManagedProcess process;
        synchronized (processLock) {
            if (!running) {
                return outcome;
            }
            process = options.host().start(ProcessSpec.of(loopCommand()).withOnlyEnvironment(options.environment())
                    .withStderrMerged().withTailLines(0).withCancelGrace(options.stopGrace()), queueInto(lines));
            current = process;
        }
        process.onEnd().thenRun(() -> lines.offer(EOF));
        if (process.onEnd().isDone() && process.onEnd().join().outcome() == ProcessOutcome.FAILED_TO_START) {
            synchronized (processLock) {
                current = null;
            }
            outcome.reason = "could not be started (" + process.onEnd().join().message() + ")";
            return outcome;
        }
        ArrayDeque<String> unusable = new ArrayDeque<>();
        long hangWindow = hangWindow();
        long lastGoodNanos = System.nanoTime();
        long firstGoodNanos = -1;
        boolean pendingGap = gapOpen;
        try {
            while (running) {
                long window = outcome.sawSample ? hangWindow : Math.max(hangWindow, STARTUP_WINDOW_MS);
                long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastGoodNanos);
                String line = lines.poll(Math.max(1, window - waitedMs), TimeUnit.MILLISECONDS);
                if (!running) {
                    break;
                }
                if (line == EOF) {
                    outcome.diagnosis = SmiDiagnostics.diagnose(List.copyOf(unusable)).orElse(null);
                    outcome.reason = "exited (code " + exitCode(process) + ")";
                    break;
                }
                if (line == OVERLONG) {
                    remember(unusable, "a line over " + MAX_LINE_CHARS + " characters");
                    dispatcher.error(new GpuSamplerError(System.currentTimeMillis(), GpuSamplerError.Kind.TOOL_FAILED,
                            "nvidia-smi printed a line over " + MAX_LINE_CHARS + " characters; it was skipped", false));
                    continue;
                }
                if (line != null) {
                    Optional<SmiRow> row = parser.parse(line);
                    if (row.isPresent()) {
                        long now = System.currentTimeMillis();
                        if (pendingGap && outcome.lastSampleMillis >= 0) {
                            dispatcher.gap(new GpuGap(outcome.lastSampleMillis, now, "nvidia-smi restarted"));
                        }
                        pendingGap = false;
                        if (deliver(row.get(), now)) {
                            outcome.lastSampleMillis = now;
                            outcome.sawSample = true;
                            lastGoodNanos = System.nanoTime();
                            if (firstGoodNanos < 0) {
                                firstGoodNanos = lastGoodNanos;
                            }
                            outcome.healthyNanos = lastGoodNanos - firstGoodNanos;
                        }
                        continue;
                    }
                    remember(unusable, line);
                    parser.takeRejection().filter(warnedRejections::add).ifPresent(reason -> dispatcher.error(
                            new GpuSamplerError(System.currentTimeMillis(), GpuSamplerError.Kind.TOOL_FAILED,
                                    "nvidia-smi printed a line MemLens cannot read (" + reason + "): \""
                                            + abbreviate(line) + "\"; such lines are skipped", false)));
                    Optional<SmiDiagnostics.Diagnosis> diagnosis = SmiDiagnostics.diagnose(List.of(line));
                    if (diagnosis.isPresent()) {
                        outcome.diagnosis = diagnosis.get();
                        break;
                    }
                }
                if (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastGoodNanos) >= window) {
                    outcome.failureKind = GpuSamplerError.Kind.HUNG;
                    outcome.reason = unusable.isEmpty()
                            ? "printed nothing for " + window + " ms"
                            : "printed no usable line for " + window + " ms (last: \"" + abbreviate(unusable.peekLast())
                                    + "\")";
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (processLock) {
                current = null;
            }
            process.cancelAndWait();
        }
        return outcome;
    }

    private long hangWindow() {
        return Math.max(MIN_HANG_WINDOW_MS, options.hangIntervals() * options.intervalMs());
    }

    private boolean deliver(SmiRow row, long now) {
        if (!selection.matches(row.index(), row.uuid())) {
            return false;
        }
        rememberIndex(row);
        Optional<GpuSample> sample = toSample(row, now, dispatcher);
        sample.ifPresent(dispatcher::sample);
        return sample.isPresent();
    }

    private Optional<GpuSample> toSample(SmiRow row, long now, SinkDispatcher warnings) {
        if (row.hasMemory()) {
            return Optional.of(row.toSample(now));
        }
        String key = row.uuid() != null ? row.uuid() : "#" + row.index();
        if (warnings != null && warnedUnified.add(key)) {
            warnings.warning("GPU " + row.index() + " (" + row.name() + ") reports no memory.used (unified memory): "
                    + "its used memory is the sum of its processes' memory from --query-compute-apps");
        }
        if (!processesPolled) {
            return Optional.empty();
        }
        Long processBytes = row.uuid() == null ? null : processBytesByUuid.get(row.uuid());
        return Optional.of(row.toProcessSumSample(now, processBytes == null ? 0L : processBytes));
    }

    private void rememberIndex(SmiRow row) {
        if (row.uuid() != null) {
            indexByUuid.put(row.uuid(), row.index());
        }
    }

    private void processLoop(long intervalMs) {
        while (running) {
            pollProcesses(dispatcher);
            if (awaitStop(intervalMs)) {
                return;
            }
        }
    }

    private void pollProcesses(SinkDispatcher target) {
        List<String> command = new ArrayList<>(List.of(executable.toString(),
                "--query-compute-apps=" + ComputeAppsParser.QUERY, "--format=csv,noheader,nounits"));
        ToolOutput result;
        try {
            result = runOnce(command);
        } catch (GpuSamplerException e) {
            return; // the main reader reports tool failures; a missed per-process poll is not worth a second error
        }
        if (result.timedOut() || result.exitCode() != 0) {
            return;
        }
        long now = System.currentTimeMillis();
        List<GpuProcessSample> processes = ComputeAppsParser.parse(result.lines(), now, Map.copyOf(indexByUuid));
        Map<String, Long> sums = new HashMap<>();
        for (GpuProcessSample p : processes) {
            if (p.usedBytes() != null) {
                sums.merge(p.gpuUuid(), p.usedBytes(), Long::sum);
            }
        }
        processBytesByUuid.keySet().retainAll(sums.keySet());
        processBytesByUuid.putAll(sums);
        processesPolled = true;
        if (target != null) {
            target.processes(now, processes);
        }
    }

    /** Finds the query nvidia-smi accepts, dropping optional fields that an older driver rejects. */
    private List<SmiField> negotiateFields() throws GpuSamplerException {
        if (fields != null) {
            return fields;
        }
        List<SmiField> query = new ArrayList<>(FULL_QUERY);
        Set<String> dropped = new HashSet<>();
        while (true) {
            ToolOutput result = runOnce(oneShotCommand(query));
            Optional<SmiDiagnostics.Diagnosis> diagnosis = SmiDiagnostics.diagnose(result.lines());
            if (diagnosis.isPresent() && diagnosis.get().kind() == GpuSamplerError.Kind.INVALID_FIELD) {
                SmiField rejected = SmiField.fromHeader(diagnosis.get().invalidField());
                if (OPTIONAL.contains(rejected) && query.remove(rejected) && dropped.add(rejected.queryName())) {
                    continue;
                }
                throw new GpuSamplerException(GpuSamplerError.Kind.INVALID_FIELD, diagnosis.get().message());
            }
            if (diagnosis.isPresent()) {
                throw new GpuSamplerException(diagnosis.get().kind(), diagnosis.get().message());
            }
            if (result.timedOut()) {
                throw new GpuSamplerException(GpuSamplerError.Kind.HUNG, "nvidia-smi did not answer within "
                        + options.toolTimeout().toSeconds() + " s: check the driver (dmesg) and try again");
            }
            if (result.exitCode() != 0) {
                throw new GpuSamplerException(GpuSamplerError.Kind.TOOL_FAILED, "nvidia-smi failed with exit code "
                        + result.exitCode() + ": \"" + abbreviate(result.text()) + "\"");
            }
            fields = List.copyOf(query);
            return fields;
        }
    }

    private List<String> oneShotCommand(List<SmiField> query) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.add("--query-gpu=" + String.join(",", query.stream().map(SmiField::queryName).toList()));
        command.add("--format=csv,noheader,nounits");
        return command;
    }

    private ToolOutput runOnce(List<String> command) throws GpuSamplerException {
        return ToolOutput.run(options.host(), command, options.environment(), options.toolTimeout());
    }

    /** Hands the tool's lines to the supervisor; a supervisor far behind loses lines rather than the heap. */
    private static OutputListener queueInto(BlockingQueue<String> lines) {
        return new OutputListener() {
            @Override
            public void onLine(StreamKind stream, String line) {
                lines.offer(line);
            }

            @Override
            public void onLineTooLong(StreamKind stream, LineTooLongException error) {
                lines.offer(OVERLONG);
            }
        };
    }

    private boolean awaitStop(long millis) {
        try {
            return stopped.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static void remember(ArrayDeque<String> unusable, String line) {
        unusable.addLast(line);
        if (unusable.size() > 20) {
            unusable.removeFirst();
        }
    }

    private static String exitCode(ManagedProcess process) {
        try {
            return process.awaitResult(Duration.ofSeconds(1)).map(ProcessResult::exitCode).map(String::valueOf)
                    .orElse("still running");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static String abbreviate(String text) {
        String oneLine = text.replace('\n', ' ').strip();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }
}
