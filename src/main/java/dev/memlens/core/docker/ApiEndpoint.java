package dev.memlens.core.docker;

/**
 * Where a container's HTTP API can be reached.
 *
 * @param url      the base URL, never with an empty port
 * @param fromHost true: reachable from this host through a published port; false: only from inside the
 *                 container (run the client there with docker exec), e.g. no mapping or host networking
 * @param note     how it was decided, for the report and the log
 */
public record ApiEndpoint(String url, boolean fromHost, String note) {
}
