package dev.memlens.core.model;

/** A config.json or model directory that cannot describe a causal LM; the message names the file and field. */
public final class ModelSpecException extends IllegalArgumentException {
    public ModelSpecException(String message) {
        super(message);
    }

    public ModelSpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
