package dev.memlens.core.report;

/**
 * The figures of an API run, typed: token counts, failures, the latency distributions (seconds) and the output
 * rate. Absent figures are null.
 */
public record ApiStats(Long promptTokens, Long completionTokens, Long succeededRequests, Long failedRequests,
                       Double wallSeconds, Double outputTokensPerSecond, LatencyStats timeToFirstToken,
                       LatencyStats interTokenLatency, LatencyStats endToEnd, Double kvCachePeakUsageFraction) {
}
