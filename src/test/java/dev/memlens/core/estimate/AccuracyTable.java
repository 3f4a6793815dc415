package dev.memlens.core.estimate;

import dev.memlens.core.model.ModelSpec;
import dev.memlens.core.model.ModelSpecs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints docs/ACCURACY.md's transformers tables from the measured runs: per run the nvidia-smi peak, MemLens's
 * estimate with and without its safety margin and llm-sizer's formula, then each set's mean, worst and most-low
 * errors. Run: {@code java -cp target/classes:target/test-classes:$(cat cp.txt) dev.memlens.core.estimate.AccuracyTable}.
 */
public final class AccuracyTable {
    private static final List<String> SETS = List.of("tune", "check", "fresh", "third", "fourth", "fifth");

    private AccuracyTable() {
    }

    public static void main(String[] args) throws Exception {
        double gib = 1L << 30;
        Map<String, List<double[]>> bySet = new LinkedHashMap<>();
        SETS.forEach(s -> bySet.put(s, new ArrayList<>()));
        System.out.println("| run | set | measured GiB | MemLens GiB | replay error | MemLens error | llm-sizer GiB | llm-sizer error |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (MeasuredRun run : MeasuredRun.all()) {
            ModelSpec spec = ModelSpecs.load(run.dir().resolve("config.json"));
            Estimate e = TransformersAccuracyTest.estimate(run);
            long margin = ((Number) e.components().get(EstimateComponent.OTHER).inputs().get("safety_margin")).longValue();
            long smi = run.smiPeakBytes();
            long sizer = CalculatorFormulas.current(spec, run.batch(), run.inputLen() + run.outputLen(), 1).total();
            double replay = (double) (e.peakBytes() - margin - smi) / smi;
            double memlens = (double) (e.peakBytes() - smi) / smi;
            double calc = (double) (sizer - smi) / smi;
            bySet.get(run.set()).add(new double[] {replay, memlens, calc});
            System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %.2f | %+.2f %% | %+.2f %% | %.2f | %+.1f %% |%n", run.name(),
                    run.set(), smi / gib, e.peakBytes() / gib, 100 * replay, 100 * memlens, sizer / gib, 100 * calc);
        }
        System.out.println();
        System.out.println("| set | runs | replay mean / worst / most low | MemLens mean / worst / most low | llm-sizer mean / worst |");
        System.out.println("|---|---|---|---|---|");
        for (Map.Entry<String, List<double[]>> set : bySet.entrySet()) {
            List<double[]> rows = set.getValue();
            System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %.1f %% / %.1f %% |%n", set.getKey(), rows.size(),
                    summary(rows, 0), summary(rows, 1), 100 * mean(rows, 2), 100 * worst(rows, 2));
        }
    }

    private static String summary(List<double[]> rows, int col) {
        double low = rows.stream().mapToDouble(r -> r[col]).min().orElse(0);
        return String.format(Locale.ROOT, "%.2f %% / %.2f %% / %+.2f %%", 100 * mean(rows, col), 100 * worst(rows, col), 100 * low);
    }

    private static double mean(List<double[]> rows, int col) {
        return rows.stream().mapToDouble(r -> Math.abs(r[col])).average().orElse(0);
    }

    private static double worst(List<double[]> rows, int col) {
        return rows.stream().mapToDouble(r -> Math.abs(r[col])).max().orElse(0);
    }
}
