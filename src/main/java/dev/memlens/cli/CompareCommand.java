package dev.memlens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.memlens.core.compare.ComparisonResult;
import dev.memlens.core.compare.ComparisonRow;
import dev.memlens.core.compare.MemoryComparison;
import dev.memlens.core.report.CalculatorValues;
import dev.memlens.core.report.MeasuredFigure;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.ReportFormatException;
import dev.memlens.core.report.ReportReader;
import dev.memlens.core.report.ReportWriter;
import dev.memlens.core.units.MemoryUnit;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** memlens compare: the measured breakdown of a report against calculator values, with a verdict and exit code. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compares a profile report's measured memory with a calculator's prediction.",
                "Reads MemLens reports and those of the original profiling scripts (v1, v2, v3, profile-model-memory,"
                        + " profile-vllm-model). Calculator values come from the flags, else from the report."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the total is within the tolerance", "1:the total is outside the tolerance",
                "2:bad usage, an unreadable report, or no calculator values", ExitCodes.LINE_SIGINT,
                ExitCodes.LINE_SIGTERM})
public final class CompareCommand implements Callable<Integer> {
    static final int PASS = 0;
    static final int OUTSIDE_TOLERANCE = 1;
    static final int BAD_INPUT = 2;

    @Parameters(index = "0", paramLabel = "REPORT", description = "Profile report (JSON).")
    Path report;

    @Option(names = "--calc-total", paramLabel = "GB", description = "Calculator's total (as the scripts' README documents).")
    Double calcTotal;

    @Option(names = "--calc-weights", paramLabel = "GB", description = "Calculator's model weights.")
    Double calcWeights;

    @Option(names = "--calc-kv", paramLabel = "GB", description = "Calculator's KV cache.")
    Double calcKv;

    @Option(names = "--calc-activations", paramLabel = "GB", description = "Calculator's activations.")
    Double calcActivations;

    @Option(names = "--calc-overhead", paramLabel = "GB", description = "Calculator's framework overhead.")
    Double calcOverhead;

    @Option(names = "--show-breakdown", description = "Also print the measured breakdown with the source of each figure.")
    boolean showBreakdown;

    @Option(names = "--unit", paramLabel = "gb|gib", defaultValue = "gb",
            description = "Unit of the --calc-* values and of the printed figures: gb (1e9 bytes, the calculator's) or"
                    + " gib (2^30). --json always uses decimal GB. Default: ${DEFAULT-VALUE}.")
    String unitName;

    @Option(names = "--tolerance", paramLabel = "PCT", defaultValue = "10",
            description = "Largest difference of the total, in percent of the calculated total, that passes."
                    + " Default: ${DEFAULT-VALUE}.")
    double tolerancePct;

    @Option(names = "--json", description = "Print the comparison as JSON.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MemoryUnit unit;
        try {
            unit = MemoryUnit.parse(unitName);
            if (!(tolerancePct >= 0 && tolerancePct <= 1e6)) {
                throw new IllegalArgumentException("--tolerance must be a percentage from 0 to 1000000, got "
                        + tolerancePct);
            }
        } catch (IllegalArgumentException e) {
            err.println("memlens compare: " + e.getMessage());
            return BAD_INPUT;
        }
        ProfileReport profile;
        try {
            profile = ReportReader.read(report);
        } catch (ReportFormatException e) {
            err.println("memlens compare: " + e.getMessage());
            return BAD_INPUT;
        }
        CalculatorValues calculator;
        try {
            calculator = calculatorValues(profile, unit);
        } catch (IllegalArgumentException e) {
            err.println("memlens compare: " + e.getMessage());
            return BAD_INPUT;
        }
        ComparisonResult result = MemoryComparison.compare(profile.measured(), calculator, tolerancePct).orElseThrow();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(ReportWriter.ComparisonJson.toJson(result)));
        } else {
            ComparisonTable.print(out, profile, calculator, result, unit, showBreakdown);
        }
        return result.pass() ? PASS : OUTSIDE_TOLERANCE;
    }

    private CalculatorValues calculatorValues(ProfileReport profile, MemoryUnit unit) {
        Map<MemoryComponent, Long> flags = new EnumMap<>(MemoryComponent.class);
        put(flags, MemoryComponent.WEIGHTS, calcWeights, "--calc-weights", unit);
        put(flags, MemoryComponent.KV_CACHE, calcKv, "--calc-kv", unit);
        put(flags, MemoryComponent.ACTIVATIONS, calcActivations, "--calc-activations", unit);
        put(flags, MemoryComponent.FRAMEWORK_OVERHEAD, calcOverhead, "--calc-overhead", unit);
        Long total = null;
        if (calcTotal != null) {
            total = toBytes(calcTotal, "--calc-total", unit);
        }
        if (flags.isEmpty() && total == null) {
            if (profile.hasCalculatorValues() && profile.calculator().effectiveTotal().isPresent()) {
                return profile.calculator();
            }
            throw new IllegalArgumentException(report + " holds no calculator values: pass --calc-total GB, or all of"
                    + " --calc-weights, --calc-kv, --calc-activations and --calc-overhead.");
        }
        if (total == null && flags.size() < MemoryComponent.values().length) {
            throw new IllegalArgumentException("without --calc-total all four of --calc-weights, --calc-kv,"
                    + " --calc-activations and --calc-overhead are needed (the total is their sum)");
        }
        return new CalculatorValues(flags, total, "command line");
    }

    private static void put(Map<MemoryComponent, Long> map, MemoryComponent c, Double value, String flag, MemoryUnit unit) {
        if (value != null) {
            map.put(c, toBytes(value, flag, unit));
        }
    }

    private static long toBytes(double value, String flag, MemoryUnit unit) {
        double largest = 0x1p63 / unit.toBytes(1);
        if (!(value >= 0 && value < largest)) {
            throw new IllegalArgumentException(flag + " must be a size from 0 to " + (long) largest + " "
                    + unit.label() + ", got " + value);
        }
        return unit.toBytes(value);
    }

    /** The human-readable output, laid out like the original compare-estimates.py. */
    static final class ComparisonTable {
        private ComparisonTable() {
        }

        static void print(PrintWriter out, ProfileReport profile, CalculatorValues calc, ComparisonResult result,
                          MemoryUnit unit, boolean showBreakdown) {
            String u = unit.label();
            out.println("=".repeat(84));
            out.println("MEMORY ESTIMATE COMPARISON  " + profile.model().name());
            out.println("=".repeat(84));
            if (showBreakdown) {
                out.println("Measured breakdown (" + u + "):");
                for (MemoryComponent c : MemoryComponent.values()) {
                    MeasuredFigure f = profile.measured().components().get(c);
                    out.printf(Locale.ROOT, "  %-20s %10s  %s%n", c.displayName(),
                            f == null ? "—" : String.format(Locale.ROOT, "%.2f", unit.fromBytes(f.bytes())),
                            f == null ? "" : "[" + f.source().tag() + "]");
                }
                out.printf(Locale.ROOT, "  %-20s %10.2f  %s%n", "Total measured", unit.fromBytes(profile.measured().actualTotalBytes()),
                        profile.measured().total() == null ? "[sum of components]" : "[" + profile.measured().total().source().tag() + "]");
                out.println("Calculator values: " + calc.source());
                out.println();
            }
            out.printf(Locale.ROOT, "%-20s %13s %13s %13s %9s %5s%n", "Component", "Actual", "Calculated", "Diff", "% Diff", "");
            out.println("-".repeat(84));
            for (ComparisonRow row : result.rows()) {
                printRow(out, row, unit);
            }
            out.println("-".repeat(84));
            printRow(out, result.total(), unit);
            out.println();
            String pct = result.total().percentDiff() == null ? "n/a"
                    : String.format(Locale.ROOT, "%+.1f %%", result.total().percentDiff());
            out.printf(Locale.ROOT, "%s Total %s of calculated: %s (tolerance ±%s %%)%n", result.pass() ? "PASS" : "FAIL",
                    pct, result.pass() ? "within" : "outside", trim(result.tolerancePct()));
            boolean anyAdvice = false;
            for (ComparisonRow row : result.rows()) {
                if (row.verdict() != dev.memlens.core.compare.Verdict.OK) {
                    if (!anyAdvice) {
                        out.println();
                        out.println("RECOMMENDATIONS");
                        anyAdvice = true;
                    }
                    out.println("  " + row.verdict().symbol() + " " + row.label() + ": " + row.advice());
                }
            }
        }

        private static void printRow(PrintWriter out, ComparisonRow row, MemoryUnit unit) {
            String u = unit.label();
            String pct = row.percentDiff() == null ? "n/a" : String.format(Locale.ROOT, "%+.1f%%", row.percentDiff());
            out.printf(Locale.ROOT, "%-20s %9.2f %-3s %9.2f %-3s %+9.2f %-3s %9s %5s%n", row.label(),
                    unit.fromBytes(row.actualBytes()), u, unit.fromBytes(row.calculatedBytes()), u,
                    unit.fromBytes(row.diffBytes()), u, pct, row.verdict().symbol());
        }

        private static String trim(double v) {
            return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
        }
    }
}
