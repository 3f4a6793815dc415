package dev.memlens.core.prometheus;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials for Prometheus, read from the environment each time and never written anywhere (not in reports, not in
 * settings): a bearer token in {@value #TOKEN_VARIABLE}, or basic auth in {@value #USER_VARIABLE} and
 * {@value #PASSWORD_VARIABLE}.
 */
public final class PrometheusAuth {
    public static final String TOKEN_VARIABLE = "MEMLENS_PROMETHEUS_TOKEN";
    public static final String USER_VARIABLE = "MEMLENS_PROMETHEUS_USER";
    public static final String PASSWORD_VARIABLE = "MEMLENS_PROMETHEUS_PASSWORD";

    private final String header;
    private final String kind;

    private PrometheusAuth(String header, String kind) {
        this.header = header;
        this.kind = kind;
    }

    public static PrometheusAuth none() {
        return new PrometheusAuth(null, "none");
    }

    /** The credentials the environment gives; a user without a password (or the reverse) is an error. */
    public static PrometheusAuth fromEnvironment(Map<String, String> environment) throws PrometheusException {
        String token = nonBlank(environment.get(TOKEN_VARIABLE));
        String user = nonBlank(environment.get(USER_VARIABLE));
        String password = environment.get(PASSWORD_VARIABLE);
        if (token != null && user != null) {
            throw new PrometheusException("both " + TOKEN_VARIABLE + " and " + USER_VARIABLE + " are set: unset one "
                    + "(bearer token or basic auth, not both)");
        }
        if (token != null) {
            return new PrometheusAuth("Bearer " + token, "bearer token from " + TOKEN_VARIABLE);
        }
        if (user != null || password != null) {
            if (user == null || password == null) {
                throw new PrometheusException("basic auth needs both " + USER_VARIABLE + " and " + PASSWORD_VARIABLE
                        + "; only " + (user == null ? PASSWORD_VARIABLE : USER_VARIABLE) + " is set");
            }
            String pair = user + ":" + password;
            return new PrometheusAuth("Basic " + Base64.getEncoder().encodeToString(
                    pair.getBytes(StandardCharsets.UTF_8)), "basic auth from " + USER_VARIABLE);
        }
        return none();
    }

    /** The Authorization header value, if any. */
    Optional<String> authorizationHeader() {
        return Optional.ofNullable(header);
    }

    /** For messages: which kind of credential was sent, never its value. */
    public String describe() {
        return kind;
    }

    @Override
    public String toString() {
        return "PrometheusAuth[" + kind + "]";
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
