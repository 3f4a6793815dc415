package dev.memlens.core.docker;

import java.io.IOException;

/** A docker command failed; the message says which and what to do. */
public class DockerException extends IOException {
    public DockerException(String message) {
        super(message);
    }
}
