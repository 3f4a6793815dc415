package dev.memlens.core.estimate;

import dev.memlens.core.model.ModelSpec;
import dev.memlens.core.model.ModelSpecs;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every measured run under src/test/resources/estimate/runs against the estimator: the predicted nvidia-smi
 * peak must stay within the bounds documented in docs/ACCURACY.md, for the tune set and the check set apart.
 */
class TransformersAccuracyTest {
    /**
     * Documented bounds (docs/ACCURACY.md): per run and mean absolute error of the nvidia-smi peak, per set, as
     * measured today (tune 2.6 % mean / 6.9 % worst, held-out 2.2 % / 6.6 %); the goal (1.5 % / 3 %) is
     * not met yet, and these bounds make a regression show.
     */
    static final double WORST_BOUND = 0.075;
    static final double MEAN_BOUND = 0.03;

    @Test
    void predictsEveryMeasuredPeakWithinTheDocumentedBound() throws Exception {
        List<MeasuredRun> runs = MeasuredRun.all();
        assertFalse(runs.isEmpty(), "no runs under " + MeasuredRun.RUNS);
        double sumTune = 0;
        double sumCheck = 0;
        int nTune = 0;
        int nCheck = 0;
        StringBuilder report = new StringBuilder();
        for (MeasuredRun run : runs) {
            double error = relativeError(run);
            report.append(String.format(Locale.ROOT, "%-34s %s %+.2f%%%n", run.name(), run.tuneSet() ? "tune " : "check",
                    100 * error));
            assertTrue(Math.abs(error) <= WORST_BOUND, run.name() + " misses the nvidia-smi peak by "
                    + String.format(Locale.ROOT, "%.2f%%", 100 * error));
            if (run.tuneSet()) {
                sumTune += Math.abs(error);
                nTune++;
            } else {
                sumCheck += Math.abs(error);
                nCheck++;
            }
        }
        assertTrue(sumTune / nTune <= MEAN_BOUND, "tune-set mean error " + sumTune / nTune + "\n" + report);
        assertTrue(nCheck == 0 || sumCheck / nCheck <= MEAN_BOUND, "check-set mean error " + sumCheck / nCheck + "\n" + report);
    }

    static Estimate estimate(MeasuredRun run) throws Exception {
        ModelSpec spec = ModelSpecs.load(run.dir().resolve("config.json"));
        return Estimator.estimate(spec, EstimateRequest.of(Engine.TRANSFORMERS, run.batch(), run.inputLen(), run.outputLen()));
    }

    static double relativeError(MeasuredRun run) throws Exception {
        return (double) (estimate(run).peakBytes() - run.smiPeakBytes()) / run.smiPeakBytes();
    }
}
