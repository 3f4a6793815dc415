package dev.memlens.cli;

import dev.memlens.core.compare.ComparisonResult;
import dev.memlens.core.compare.ComparisonRow;
import dev.memlens.core.compare.ComparisonText;
import dev.memlens.core.compare.MemoryComparison;
import dev.memlens.core.compare.Verdict;
import dev.memlens.core.report.CalculatorValues;
import dev.memlens.core.report.MemoryComponent;
import dev.memlens.core.report.ProfileReport;
import dev.memlens.core.report.ReportFormatException;
import dev.memlens.core.report.json.ReportReader;
import dev.memlens.core.report.export.AccountCsvWriter;
import dev.memlens.core.report.json.ComparisonJson;
import dev.memlens.core.units.Format;
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
                "2:bad usage, an unreadable report, no calculator values, or no measured total",
                ExitCodes.LINE_SIGINT, ExitCodes.LINE_SIGTERM})
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

    @Option(names = "--csv", description = "Print the comparison as CSV (exact bytes, the same verdict words).")
    boolean csv;

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
        ComparisonResult result = MemoryComparison.compare(profile.account(), calculator, tolerancePct).orElseThrow();
        if (json) {
            out.println(ComparisonJson.toJsonString(result));
        } else if (csv) {
            out.print(AccountCsvWriter.comparison(result));
        } else {
            ComparisonTable.print(out, profile, calculator, result, unit, showBreakdown);
        }
        if (!result.judged()) {
            err.println("memlens compare: " + report + " has no measured total (the GPUs were not sampled), so the"
                    + " total cannot be judged; the rows show what was measured.");
            return BAD_INPUT;
        }
        return result.passed() ? PASS : OUTSIDE_TOLERANCE;
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
                out.println("Memory account (" + u + "):");
                AccountLines.print(out, profile.account(), unit, "  ");
                out.println("Calculator values: " + calc.source());
                out.println();
            }
            String banner = ComparisonText.banner(profile);
            if (!banner.isEmpty()) {
                out.println("NOTE: " + banner);
                out.println();
            }
            out.printf(Locale.ROOT, "%-20s %13s %13s %13s %9s %-7s%n", "Component", "Measured", "Calculated", "Diff", "% Diff", "");
            out.println("-".repeat(84));
            for (ComparisonRow row : result.rows()) {
                printRow(out, row, unit);
            }
            out.println("-".repeat(84));
            printRow(out, result.total(), unit);
            out.println();
            out.println(ComparisonText.headline(result) + " — " + ComparisonText.detail(result, unit));
            boolean anyAdvice = false;
            for (ComparisonRow row : result.rows()) {
                if (row.verdict() != Verdict.OK) {
                    if (!anyAdvice) {
                        out.println();
                        out.println("RECOMMENDATIONS");
                        anyAdvice = true;
                    }
                    out.println("  " + row.verdictLabel() + " " + row.label() + ": " + row.advice());
                }
            }
        }

        private static void printRow(PrintWriter out, ComparisonRow row, MemoryUnit unit) {
            String u = unit.label();
            out.printf(Locale.ROOT, "%-20s %9s %-3s %9s %-3s %9s %-3s %9s %-7s%n", row.label(),
                    Format.number(row.actualBytes(), unit), u, Format.number(row.calculatedBytes(), unit), u,
                    Format.signedNumber(row.diffBytes(), unit), u, Format.percent(row.percentDiff()), row.verdictLabel());
        }

        private static String trim(double v) {
            return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
        }
    }
}
