package dev.memlens.core.run.modes;

import dev.memlens.core.hf.HfEvent;
import dev.memlens.core.hf.HfEventListener;
import dev.memlens.core.hf.HfFailureKind;
import dev.memlens.core.hf.HfPhase;
import dev.memlens.core.hf.HfProfileRequest;
import dev.memlens.core.hf.HfProfilerDriver;
import dev.memlens.core.hf.HfRunRecorder;
import dev.memlens.core.report.BenchmarkParameters;
import dev.memlens.core.report.FailureKind;
import dev.memlens.core.report.RunFailure;
import dev.memlens.core.report.FigureSource;
import dev.memlens.core.run.EstimateInput;
import dev.memlens.core.run.GpuFigures;
import dev.memlens.core.run.ProgressUpdate;
import dev.memlens.core.run.ReportParts;
import dev.memlens.core.run.RunContext;
import dev.memlens.core.run.RunPhase;
import dev.memlens.core.run.Workload;
import dev.memlens.core.run.WorkloadFailedException;
import dev.memlens.core.process.ManagedProcess;
import dev.memlens.core.process.ProcessOutcome;
import dev.memlens.core.process.ProcessResult;
import dev.memlens.core.process.ProcessSpec;
import dev.memlens.core.process.StreamKind;
import dev.memlens.core.report.ModelInfo;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The transformers mode: runs the bundled profiler script (locally, or inside a container through a launcher),
 * follows its JSON events as phases and progress, and contributes the allocator-based breakdown.
 */
public final class HfWorkload implements Workload {
    private static final com.fasterxml.jackson.databind.ObjectMapper REPORTED_CONFIG =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private static final int PROFILER_STEPS = HfPhase.values().length;

    private final HfConfig config;
    private final HfLauncher launcher;
    private final String mode;
    private final HfRunRecorder recorder = new HfRunRecorder();
    private volatile ManagedProcess process;
    private volatile boolean cancelled;
    private volatile ProcessResult result;
    private volatile RunFailure startFailure;

    /** A local run with the config's interpreter. */
    public HfWorkload(HfConfig config) {
        this(config, new LocalHfLauncher(config.interpreter(), config.cancelGrace()), "hf");
    }

    HfWorkload(HfConfig config, HfLauncher launcher, String mode) {
        this.config = config;
        this.launcher = launcher;
        this.mode = mode;
    }

    @Override
    public String mode() {
        return mode;
    }

    @Override
    public ModelInfo model() {
        return HfReportFigures.model(config.request(), recorder);
    }

    @Override
    public BenchmarkParameters parameters() {
        return HfReportFigures.parameters(config.request(), recorder);
    }

    @Override
    public void run(RunContext context) throws WorkloadFailedException, InterruptedException {
        HfProfileRequest request = config.request();
        ProcessSpec spec;
        try {
            spec = launcher.prepare(context, request);
        } catch (IOException e) {
            startFailure = new RunFailure(FailureKind.SETUP, e.getMessage(), "check the message; the profiler did not start");
            throw new WorkloadFailedException(e.getMessage(), e);
        }
        if (cancelled) {
            return;
        }
        context.logLine("stderr", "memlens: " + spec);
        ManagedProcess started = HfProfilerDriver.start(launcher.host(context), spec, new Forwarder(context));
        process = started;
        if (cancelled) {
            cancel();
        }
        ProcessResult ended;
        try {
            ended = started.awaitResult();
        } catch (InterruptedException e) {
            cancel();
            throw e;
        }
        result = ended;
        if (cancelled || ended.outcome() == ProcessOutcome.CANCELLED) {
            return;
        }
        if (ended.outcome() == ProcessOutcome.FAILED_TO_START) {
            startFailure = new RunFailure(FailureKind.MISSING_PYTHON, ended.message(),
                    "install Python 3 with torch and transformers, or pass --python /path/to/venv/bin/python");
            throw new WorkloadFailedException(ended.message());
        }
        Optional<HfEvent.Failure> failure = recorder.failure(ended);
        if (failure.isPresent()) {
            throw new WorkloadFailedException(describe(failure.get()));
        }
    }

    private static String describe(HfEvent.Failure failure) {
        return failure.message() + failure.fix().map(fix -> " — " + fix).orElse("");
    }

    /** Ends the profiler's process tree on its host (inside the container too); {@link #run} returns once it is over. */
    @Override
    public synchronized void cancel() {
        cancelled = true;
        ManagedProcess running = process;
        if (running != null) {
            running.cancel();
        }
    }

    @Override
    public java.util.Optional<EstimateInput> estimateInput(java.util.Map<String, String> environment) {
        HfProfileRequest r = config.request();
        dev.memlens.core.model.ModelSpec spec = EstimateInput.specOf(r.model(), environment);
        if (spec == null) {
            spec = reportedSpec(); // a model inside a container or on a remote host: the config the profiler read
        }
        if (spec == null) {
            return java.util.Optional.empty();
        }
        // a prompt's length is known only once tokenized: the profiler reports it, the estimate takes the request's
        int input = r.inputLength().isPresent() ? r.inputLength().getAsInt()
                : recorder.phases().stream().filter(p -> p.promptTokens().isPresent())
                        .map(p -> p.promptTokens().getAsInt()).findFirst().orElse(Math.max(1, r.prompt().orElse("").length() / 4));
        return java.util.Optional.of(new EstimateInput(spec, dev.memlens.core.estimate.EstimateRequest.of(
                dev.memlens.core.estimate.Engine.TRANSFORMERS, r.batchSize(), input, r.maxNewTokens())
                .withDtypes("auto".equals(r.dtype()) ? null : r.dtype(), null, null)));
    }

    /** The model's config.json as the profiler reported it, when the estimator can read it; else null. */
    private dev.memlens.core.model.ModelSpec reportedSpec() {
        return recorder.model().map(m -> {
            try {
                return dev.memlens.core.model.ModelSpecs.parse(REPORTED_CONFIG.valueToTree(m.config()),
                        "the model config the profiler reported");
            } catch (RuntimeException e) {
                return null;
            }
        }).orElse(null);
    }

    @Override
    public void contribute(ReportParts parts, GpuFigures gpus) {
        parts.model(model()).parameters(parameters());
        HfReportFigures.latency(recorder).ifPresent(parts::latency);
        parts.engine(HfReportFigures.engine(recorder, launcher.where()));
        // the allocator reports the torch process's device: its items are per GPU only when one GPU was sampled
        HfReportFigures.account(config.request(), recorder, gpus).map(a -> a.totalSource() == FigureSource.GPU_SAMPLER
                ? dev.memlens.core.run.PerGpuAccounts.attach(a, gpus, gpus.increaseAtRunPeak(), java.util.Map.of()) : a)
                .ifPresent(parts::account);
        if (startFailure != null) {
            parts.failure(startFailure);
        } else if (result != null && !cancelled && result.outcome() != ProcessOutcome.CANCELLED) {
            recorder.failure(result).ifPresent(f -> parts.failure(toRunFailure(f)));
        }
    }

    static RunFailure toRunFailure(HfEvent.Failure failure) {
        String advice = failure.fix().orElseGet(() -> switch (failure.kind()) {
            case OOM -> "lower --batch-size, --input-len or --max-tokens, or use a smaller dtype";
            case NO_CUDA -> "run on a machine with an NVIDIA GPU and a CUDA build of torch; check nvidia-smi";
            case MISSING_MODULE -> "install the missing module into the interpreter (pip install torch transformers)";
            default -> "see the profiler's output lines in the log for the cause";
        });
        return failure.kind() == HfFailureKind.UNKNOWN ? new RunFailure(FailureKind.CRASH, failure.message(), advice)
                : new RunFailure(FailureKind.ENGINE, failure.kind().wireName(), failure.message(), advice);
    }

    /** The events of the run (for tests and the container mode). */
    HfRunRecorder recorder() {
        return recorder;
    }

    /** Turns the script's events into phases and progress, and every other line into log lines. */
    private final class Forwarder implements HfEventListener {
        private final RunContext context;

        Forwarder(RunContext context) {
            this.context = context;
        }

        @Override
        public void onEvent(HfEvent event) {
            recorder.onEvent(event);
            if (event instanceof HfEvent.Phase phase) {
                RunPhase runPhase = switch (phase.phase()) {
                    case LOADING -> RunPhase.LOADING;
                    case WEIGHTS_LOADED, PREFILL -> RunPhase.GENERATING;
                    case GENERATED, FREED -> RunPhase.FINISHING;
                };
                if (phase.phase() != HfPhase.PREFILL && phase.phase() != HfPhase.FREED) {
                    context.phase(runPhase);
                }
                context.progress(new ProgressUpdate(runPhase, "Profiler step " + label(phase.phase()),
                        phase.phase().ordinal() + 1, PROFILER_STEPS));
            } else if (event instanceof HfEvent.Failure failure) {
                context.warning(describe(failure));
            }
        }

        @Override
        public void onOutputLine(StreamKind stream, String line) {
            context.logLine(stream == StreamKind.STDOUT ? "stdout" : "stderr", line);
        }
    }

    private static String label(HfPhase phase) {
        return switch (phase) {
            case LOADING -> "(loading)";
            case WEIGHTS_LOADED -> "(weights loaded)";
            case PREFILL -> "(prefill)";
            case GENERATED -> "(generated)";
            case FREED -> "(freed)";
        };
    }

    static Map<String, String> otherParameters(HfRunRecorder recorder) {
        Map<String, String> other = new LinkedHashMap<>();
        recorder.model().ifPresent(m -> other.put("random_weights", Boolean.toString(m.randomWeights())));
        recorder.phase(HfPhase.WEIGHTS_LOADED).flatMap(p -> box(p.loadSeconds()))
                .ifPresent(s -> other.put("load_seconds", Double.toString(s)));
        recorder.phase(HfPhase.GENERATED).flatMap(p -> box(p.decodeTokensPerSecond()))
                .ifPresent(s -> other.put("decode_tokens_per_second", Double.toString(s)));
        recorder.environment().ifPresent(env -> other.put("device", env.device() + " " + env.deviceName()));
        return other;
    }

    private static Optional<Double> box(java.util.OptionalDouble value) {
        return value.isPresent() ? Optional.of(value.getAsDouble()) : Optional.empty();
    }
}
