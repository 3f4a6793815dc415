package dev.memlens.app.main;

import dev.memlens.core.prometheus.PrometheusAuth;
import dev.memlens.core.prometheus.PrometheusClient;
import dev.memlens.core.prometheus.PrometheusException;
import dev.memlens.core.prometheus.PrometheusGpuSeries;
import dev.memlens.core.prometheus.PrometheusGpuTrace;
import dev.memlens.core.prometheus.PrometheusRangeReport;
import dev.memlens.core.prometheus.TimeArgument;
import dev.memlens.core.report.ProfileReport;
import java.time.Instant;
import java.util.Map;

/**
 * What "Open Prometheus range…" asks for: the server, the range (as {@code memlens trace --prometheus} takes it:
 * "-1h", "now", RFC 3339, Unix seconds), label matchers, and the name of the environment variable that holds a
 * bearer token. Only the variable's name is given: its value is read when the range is read, never kept.
 *
 * @param tokenVariable blank: the usual {@value PrometheusAuth#TOKEN_VARIABLE} or basic-auth variables, if set
 */
public record PrometheusRangeRequest(String url, String start, String end, String match, String tokenVariable) {
    public PrometheusRangeRequest {
        url = url == null ? "" : url.strip();
        start = start == null || start.isBlank() ? "-1h" : start.strip();
        end = end == null || end.isBlank() ? "now" : end.strip();
        match = match == null || match.isBlank() ? null : match.strip();
        tokenVariable = tokenVariable == null ? "" : tokenVariable.strip();
    }

    /** Reads the range through core's Prometheus client (one range-vector query: every raw sample). */
    public ProfileReport read(Map<String, String> environment, Instant now) throws PrometheusException {
        if (url.isEmpty()) {
            throw new PrometheusException("give the Prometheus server's URL, e.g. http://127.0.0.1:9090");
        }
        PrometheusClient client = PrometheusClient.of(url, auth(environment));
        Instant from = TimeArgument.parse("Start", start, now);
        Instant to = TimeArgument.parse("End", end, now);
        PrometheusGpuTrace trace = new PrometheusGpuSeries(client).read(from, to, match);
        return PrometheusRangeReport.of(trace, client.base(), match);
    }

    private PrometheusAuth auth(Map<String, String> environment) throws PrometheusException {
        if (tokenVariable.isEmpty()) {
            return PrometheusAuth.fromEnvironment(environment);
        }
        if (!tokenVariable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new PrometheusException("Token variable '" + tokenVariable + "' is not an environment variable's"
                    + " name: give e.g. " + PrometheusAuth.TOKEN_VARIABLE + " (the name, never the token itself)");
        }
        String token = environment.get(tokenVariable);
        if (token == null || token.isBlank()) {
            throw new PrometheusException("the environment variable " + tokenVariable + " is not set: set it to the"
                    + " bearer token before starting MemLens, or leave Token variable empty");
        }
        return PrometheusAuth.fromEnvironment(Map.of(PrometheusAuth.TOKEN_VARIABLE, token));
    }
}
