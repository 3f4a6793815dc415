package dev.memlens.core.report.library;

import dev.memlens.core.report.CalculatorValues;
import dev.memlens.core.report.ModelInfo;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.RunStatus;
import dev.memlens.core.sample.SampleReports;
import java.time.Instant;
import java.util.Map;

/** Runs for history tests: the bundled H200 sample under other names, dates, statuses and calculator values. */
public final class SavedRuns {
    public static final long GIB = 1L << 30;

    private SavedRuns() {
    }

    public static ProfileReport run(String model, String mode, Instant startedAt, RunStatus status, Long calculatedTotal) {
        ProfileReport s = SampleReports.bundledH200Run();
        CalculatorValues calc = calculatedTotal == null ? null : new CalculatorValues(Map.of(), calculatedTotal, "manual");
        return new ProfileReport(s.sourceShape(), status, status == RunStatus.COMPLETED ? null : "stopped: " + status.tag(),
                mode, startedAt, s.durationMillis(), new ModelInfo(model, s.model().numParameters(),
                s.model().numLayers(), s.model().numHeads(), s.model().numKvHeads(), s.model().headDim(),
                s.model().hiddenSize(), s.model().dtype(), s.model().quantization()), s.parameters(), s.latency(),
                s.measured(), s.gpus(), s.engine(), s.timeline(), s.phases(), calc, null, s.failures(), null);
    }
}
