package dev.memlens.core.docker;

/**
 * What serves the model inside a container.
 *
 * @param evidence the process command line that decided it (empty for UNKNOWN)
 */
public record DetectedFramework(Kind kind, String evidence) {
    public enum Kind {
        VLLM, TRANSFORMERS, UNKNOWN
    }
}
