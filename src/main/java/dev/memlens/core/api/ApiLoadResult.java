package dev.memlens.core.api;

import java.util.List;

/**
 * The outcome of N concurrent streamed requests.
 *
 * @param requests              each request's own timing, by index
 * @param timeToFirstToken      over the successful requests
 * @param interTokenLatency     over every gap of every successful request
 * @param endToEnd              over the successful requests
 * @param wallSeconds           first send → last stream end
 * @param promptTokens          summed usage.prompt_tokens (requests without usage count 0)
 * @param completionTokens      summed completion tokens
 * @param outputTokensPerSecond completionTokens / wallSeconds
 */
public record ApiLoadResult(List<RequestTiming> requests, LatencySummary timeToFirstToken,
                            LatencySummary interTokenLatency, LatencySummary endToEnd, double wallSeconds,
                            long promptTokens, long completionTokens, double outputTokensPerSecond) {
    public ApiLoadResult {
        requests = List.copyOf(requests);
    }

    public long failedCount() {
        return requests.stream().filter(r -> !r.succeeded()).count();
    }

    static ApiLoadResult of(List<RequestTiming> requests, double wallSeconds) {
        List<RequestTiming> ok = requests.stream().filter(RequestTiming::succeeded).toList();
        long prompt = ok.stream().mapToLong(r -> Math.max(0, r.promptTokens())).sum();
        long completion = ok.stream().mapToLong(RequestTiming::completionTokens).sum();
        return new ApiLoadResult(requests,
                LatencySummary.of(ok.stream().map(RequestTiming::timeToFirstTokenS).toList()),
                LatencySummary.of(ok.stream().flatMap(r -> r.interTokenLatenciesS().stream()).toList()),
                LatencySummary.of(ok.stream().map(RequestTiming::endToEndS).toList()),
                wallSeconds, prompt, completion, wallSeconds > 0 ? completion / wallSeconds : Double.NaN);
    }
}
