package dev.memlens.core.gpu;

/** A sampler could not be created or could not take its baseline; the message is meant for the user. */
public class GpuSamplerException extends Exception {
    private final GpuSamplerError.Kind kind;

    public GpuSamplerException(GpuSamplerError.Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public GpuSamplerError.Kind kind() {
        return kind;
    }
}
