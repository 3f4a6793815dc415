package dev.memlens.core.vllm.log;

import java.util.List;
import java.util.Optional;

/**
 * What a start-up log says about memory.
 *
 * @param format       the detected log generation
 * @param vllmVersion  e.g. "0.19.0"; {@code null} when the log does not say
 * @param engineConfig the engine config line; {@code null} when absent
 * @param ranks        one entry per tensor-parallel rank seen, by rank
 * @param failures     failures found, in log order, each once
 */
public record VllmStartupReport(LogFormat format, String vllmVersion, EngineConfig engineConfig,
                                List<RankMemory> ranks, List<StartupFailure> failures) {
    public VllmStartupReport {
        ranks = List.copyOf(ranks);
        failures = List.copyOf(failures);
    }

    public Optional<RankMemory> rank(int rank) {
        return ranks.stream().filter(r -> r.rank() == rank).findFirst();
    }

    public boolean hasFailures() {
        return !failures.isEmpty();
    }
}
