package dev.memlens.core.api;

import dev.memlens.core.secrets.Redactor;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a vLLM OpenAI-compatible server is and how to authenticate. The API key is a secret: it is sent
 * only as an {@code Authorization: Bearer} header and never appears in {@link #toString()}, messages or reports.
 */
public final class VllmApiTarget {
    private final URI baseUrl;
    private final String apiKey;

    private VllmApiTarget(URI baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    /**
     * @param baseUrl e.g. {@code http://localhost:8000} or {@code https://host/prefix}; a trailing "/" or "/v1" is dropped
     * @param apiKey  the server's --api-key, or null/blank for none
     * @throws IllegalArgumentException for a URL that is not http(s) with a host
     */
    public static VllmApiTarget of(String baseUrl, String apiKey) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String trimmed = baseUrl.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.endsWith("/v1")) {
            trimmed = trimmed.substring(0, trimmed.length() - 3);
        }
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("API URL '" + baseUrl + "' is not a valid URL: " + e.getMessage()
                    + " — use the form http://HOST:PORT");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("API URL '" + baseUrl + "' must start with http:// or https:// and name a host"
                    + " — use the form http://HOST:PORT, e.g. http://localhost:8000");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("API URL must not carry credentials; pass the API key separately");
        }
        String key = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        Redactor.register(key); // from here on, nothing MemLens writes or prints shows it
        return new VllmApiTarget(uri, key);
    }

    public static VllmApiTarget of(String baseUrl) {
        return of(baseUrl, null);
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** The URL of a path under the base, e.g. {@code resolve("/v1/models")}. */
    public URI resolve(String path) {
        return URI.create(baseUrl + path);
    }

    public boolean hasApiKey() {
        return apiKey != null;
    }

    /** For the HTTP header only. Never log or store it. */
    Optional<String> apiKey() {
        return Optional.ofNullable(apiKey);
    }

    @Override
    public String toString() {
        return baseUrl + (apiKey != null ? " (API key set)" : "");
    }
}
