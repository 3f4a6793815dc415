package dev.memlens.core.docker;

/**
 * A running container as {@code docker ps --format '{{json .}}'} lists it.
 *
 * @param ports docker's own summary, e.g. "0.0.0.0:8000->8000/tcp, [::]:8000->8000/tcp" (empty with host networking)
 */
public record ContainerInfo(String id, String name, String image, String status, String state, String ports,
                            String command, String networks) {
}
