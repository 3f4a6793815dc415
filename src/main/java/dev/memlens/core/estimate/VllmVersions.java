package dev.memlens.core.estimate;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How vLLM's start-up budget differs by version, one row per change, each cited to the vLLM commit that made it
 * (read in vLLM's git history; docs/ACCURACY.md lists them):
 * <ul>
 * <li>up to 0.17.0: utilisation 0.9 by default ({@code CacheConfig.gpu_memory_utilization}); the activation peak is
 * the profile run's torch peak; CUDA graphs are captured after the KV pool is sized, on top of the budget.</li>
 * <li>0.17.1–0.18: commit ebb9cc5f2 (PR #30515, 2026-03-07; the 0.17.1 release candidate logs it, PR #36634)
 * profiles CUDA graph memory and logs the estimate. It is opt-in ({@code VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS=0});
 * opted in, the estimate is added to the logged activation peak and taken from the KV pool. The torch peak is read
 * before the graph profiling.</li>
 * <li>0.19–0.20: commit 79eb9369c (PR #37426, 2026-03-20, in v0.19.0 = 2a69949bd) stops adding the estimate to the
 * activation peak ("fix CUDAGraph memory being counted twice"). The 0.19 logs say "In v0.19, CUDA graph memory
 * profiling will be enabled by default…" yet still reserve nothing for it.</li>
 * <li>0.21 and later: commit 96a85c575 (PR #38284, 2026-04-21) turns the graph profiling on by default. The estimate
 * comes out of the budget ("CUDA graph memory profiling is enabled (default since v0.21.0)"). To keep the KV pool
 * about the same size, the same commit raises the default utilisation to 0.92.</li>
 * <li>0.27 and later: the budget line says "consumed memory (weights + non-torch)" and its "peak activation"
 * includes the graph reservation (the v0.27.1 log's terms add up to the budget: 56.89 + 0.76 + 27.85 = 85.51 GiB;
 * the 0.26.0 log still has the old wording). The KV rule is the 0.21 one; only what the log calls activation differs.</li>
 * </ul>
 */
public final class VllmVersions {
    private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?.*");

    /** The rule used when no --vllm-version is given: the newest row, i.e. today's vLLM. */
    public static final String DEFAULT_VERSION = "0.27";

    /**
     * One version range's budget semantics.
     *
     * @param firstVersion                     the first version the row applies to, e.g. "0.21.0"
     * @param defaultUtilization               {@code --gpu-memory-utilization} when the user does not pass it
     * @param graphsInBudget                   whether the CUDA graph estimate comes out of the budget before the KV pool
     * @param graphEstimateLogged              whether the start-up log gives a CUDA graph estimate at all
     * @param loggedActivationIncludesGraphs   whether the log's "peak activation" includes the graph estimate
     *                                         (by default; 0.17.1–0.18 only when opted in)
     * @param source                           the vLLM commit or log the row rests on
     */
    public record BudgetRules(String firstVersion, double defaultUtilization, boolean graphsInBudget,
                              boolean graphEstimateLogged, boolean loggedActivationIncludesGraphs, String source) {

        /** One line for the CLI: which version's rules, and what they mean for the budget. */
        public String describe() {
            return String.format(Locale.ROOT, "vLLM %s+ rules: default --gpu-memory-utilization %s; CUDA graphs %s; %s",
                    firstVersion, trim(defaultUtilization),
                    graphsInBudget ? "come out of the budget before the KV pool"
                            : "are captured on top of the budget",
                    source);
        }
    }

    /** Rows in version order; {@link #rules(String)} picks the last row whose first version is not above the asked one. */
    static final List<BudgetRules> TABLE = List.of(
            new BudgetRules("0.0", 0.9, false, false, false,
                    "CacheConfig gpu_memory_utilization = 0.9; activation = the profile run's torch peak"),
            new BudgetRules("0.17.1", 0.9, false, true, false,
                    "vLLM ebb9cc5f2 (#30515): graph estimate logged, opt-in VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS=1,"
                            + " which also adds it to the logged activation peak"),
            new BudgetRules("0.19.0", 0.9, false, true, false,
                    "vLLM 79eb9369c (#37426): the estimate no longer counted in the activation peak"),
            new BudgetRules("0.21.0", 0.92, true, true, false,
                    "vLLM 96a85c575 (#38284): graph profiling on by default, default utilisation 0.92"),
            new BudgetRules("0.27.0", 0.92, true, true, true,
                    "the 0.27.1 budget line: peak activation includes the graph reservation"));

    private VllmVersions() {
    }

    /** The rules of {@code version}; {@code null} gives those of {@link #DEFAULT_VERSION}. */
    public static BudgetRules rules(String version) {
        int[] v = parse(version == null ? DEFAULT_VERSION : version);
        BudgetRules chosen = TABLE.get(0);
        for (BudgetRules row : TABLE) {
            if (compare(parse(row.firstVersion()), v) <= 0) {
                chosen = row;
            }
        }
        return chosen;
    }

    /** The rules of a version string as a log prints it ("0.19.0", "0.28.1rc1.dev50+g…"); empty when it is not one. */
    public static Optional<BudgetRules> find(String version) {
        return version != null && VERSION.matcher(version.trim()).matches() ? Optional.of(rules(version)) : Optional.empty();
    }

    /** Whether this vLLM version takes the CUDA graph estimate out of the budget (0.21 and later). */
    public static boolean graphsInBudget(String version) {
        return rules(version).graphsInBudget();
    }

    /**
     * The utilisation that gives the same KV pool without graph profiling (what the v0.21+ log line suggests):
     * {@code utilization − graph estimate / total}.
     */
    public static double utilizationWithoutGraphProfiling(double utilization, long graphBytes, long totalBytes) {
        return utilization - (double) graphBytes / totalBytes;
    }

    private static int[] parse(String version) {
        Matcher m = VERSION.matcher(version.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("--vllm-version '" + version + "' is not a version such as 0.19.0 or 0.21");
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3))};
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }

    private static String trim(double u) {
        return String.format(Locale.ROOT, "%.2f", u).replaceAll("0$", "");
    }
}
